"""The report's head: its one stylesheet (system fonts only, tables and charts never wider
than the page, a print layout for A4) and the policy that lets the browser load nothing.
Markup and CSS, no words: kept apart from the modules whose every text is translated."""

from __future__ import annotations

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""Nothing is loaded from anywhere: the page is whole as it is."""
DOCTYPE = "<!DOCTYPE html>\n"
META = (
    '<meta charset="utf-8">'
    f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
)
"""The head's first elements: the encoding, the policy, the width of a phone's screen."""

STYLE = """
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--band:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;padding:24px;max-width:1100px;color:var(--ink);background:#fff;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Noto Sans","Liberation Sans",sans-serif;overflow-wrap:anywhere}
header{border-bottom:2px solid var(--ink);margin-bottom:16px}
h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.35em;margin:32px 0 8px;
border-bottom:1px solid var(--line)}h3{font-size:1.1em;margin:20px 0 6px}
p.meta,p.note,figcaption{color:var(--muted);font-size:.9em}
p.meta{margin:0 0 12px}
nav ol{margin:8px 0 0;padding-left:1.4em;columns:2}
figure{margin:12px 0}
figure svg{display:block;width:100%;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;max-width:100%;margin:8px 0 16px;font-size:.92em}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:var(--band)}
.n{text-align:right;font-variant-numeric:tabular-nums}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;
margin:8px 0}
dl.figures div{background:var(--band);padding:6px 8px;border-radius:4px}
dl.figures dt{color:var(--muted);font-size:.85em}dl.figures dd{margin:0;font-size:1.15em}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:10pt}
nav{display:none}
h2{break-after:avoid}h3{break-after:avoid}
figure,tr,dl.figures div{break-inside:avoid}
thead{display:table-header-group}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
"""The page's stylesheet: system fonts only, tables and charts never wider than the page."""
