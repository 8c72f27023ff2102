"""Bringing articles in from files: one reader per format, one loader that writes.

Each reader (jsonl, markdown, wordpress) turns its format into the plain records of
`records`, or an `ItemError` naming the file and line or item; `loader` resolves
sections, authors, images and tags and writes each article in a transaction of its
own. The command `import_articles` drives them.
"""
