"""The EPUB 3 edition's parts: XHTML documents, accessibility metadata, packaging."""
