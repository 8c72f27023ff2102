"""Sections, as commands make them (editors use the admin's form)."""

from articles.models import Section


def section_ensure(*, name: str, slug: str, **fields) -> tuple[Section, bool]:
    """The section with this slug (or this name), created from the fields when there is none; (section, created)."""
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name=name).first()
    if section is not None:
        return section, False
    section = Section(name=name, slug=slug, **fields)
    section.full_clean()
    section.save()
    return section, True
