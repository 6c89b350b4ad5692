"""Reports: PDF and Excel exports built from the same read models as the pages."""
