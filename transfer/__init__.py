"""Articles in and out of files: one reader per format, one loader that writes, the exporter.

Each reader in `readers/` (jsonl, markdown, wordpress) turns its format into the plain records of
`records`, or an `ItemError` naming the file and line or item; `loader` resolves sections, authors,
images and tags and writes each article through `articles.services`, in a transaction of its own.
`exporter` writes the native JSON Lines format back out. The commands `import_articles` and
`export_articles` drive them. Nothing else in the project imports this app.
"""
