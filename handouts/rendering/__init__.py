"""Layer 4, rendering: the one Jinja environment, HTML to PDF through WeasyPrint, the pack build and its cache."""
