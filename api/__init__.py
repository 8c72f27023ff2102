"""The content API for partners and apps (/api/v1/): published articles, their sections, tags and authors, and a
sync of every change, takedowns included. Read-only; built with django-ninja (README.md, "Content API")."""
