"""PDF/UA-1 support for the PDF edition: guarded fetching, tag recording, fix-ups, font coverage.

WeasyPrint is imported only inside these modules' functions, never at start-up.
"""
