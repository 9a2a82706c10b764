"""Server-rendered SVG charts: one renderer for the pages and the PDF reports."""
