"""The demo newsroom: `load_demo` (the hand-written demo content) and `generate_articles` (many
realistic articles for trying the site at scale), with the pictures both draw. Nothing else in the
project imports this app.
"""
