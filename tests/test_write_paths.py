"""Articles, bylines, tags and corrections are written by articles/services alone (issue 13).

The loader, the demo commands and the admin call the services; a write of those rows of their own (a save(),
a create(), a manager's add() or set(), the admin's default save of a form) would be a second write path,
free to drift from the first. This reads their source (ast) and lists every such write.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["transfer", "demo", "articles/admin"]
MODELS = {"Article", "Byline", "Tag", "TaggedItem", "Correction"}
# Names that hold one of those rows wherever this code uses them.
INSTANCE_NAMES = {"article", "byline", "tag", "tagged_item", "correction"}
# An article's related managers, and what writes through them.
RELATED = {"bylines", "tags", "corrections", "authors"}
RELATED_WRITES = {"add", "set", "remove", "clear", "create", "get_or_create", "update_or_create", "update", "delete"}
WRITES = {"save", "create", "bulk_create", "bulk_update", "update", "delete", "get_or_create", "update_or_create"}
# What a ModelAdmin inherits to save a form and its inlines itself, and the form calls that do it.
ADMIN_WRITES = {"save_model", "save_related", "save_formset", "delete_model", "delete_queryset", "save_m2m"}


def chain(node):
    """The names along `a.b(...).c`, outermost last: ["a", "b", "c"] (calls are looked through)."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def model_rows(node, bound) -> bool:
    """Whether `node` evaluates to rows (or a manager, a queryset) of the checked models."""
    names = chain(node)
    if not names:
        return False
    return names[0] in MODELS or names[0] in bound or names[0] in INSTANCE_NAMES or bool(RELATED & set(names[1:]))


def bound_names(tree) -> set[str]:
    """Names assigned a checked model's row or query (`x = Article(...)`, `for x in Byline.objects.all()`)."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.For):
            targets, value = [node.target], node.value if isinstance(node, ast.AnnAssign) else node.iter
        else:
            continue
        if value is not None and model_rows(value, bound):
            bound |= {target.id for target in targets if isinstance(target, ast.Name)}
    return bound


def commits(call) -> bool:
    return not any(keyword.arg == "commit" for keyword in call.keywords)


def writes_outside_services(source: str, name: str = "<source>") -> list[str]:
    """ "name:line: code" for each write of an article, byline, tag or correction in `source`."""
    tree = ast.parse(source)
    bound = bound_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        names = chain(receiver)
        writes = (
            (method in WRITES and model_rows(receiver, bound))
            or (method in RELATED_WRITES and names and names[-1] in RELATED)
            or (method in ADMIN_WRITES and names == ["super"])
            or (method == "save" and names and names[-1] in {"form", "formset"} and commits(node))
            or method == "save_m2m"
        )
        if writes:
            found.append((node.lineno, f"{name}:{node.lineno}: {ast.unparse(node)}"))
    return [write for _, write in sorted(found)]


def checked_modules():
    for folder in CHECKED:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_only_articles_services_write_articles_bylines_tags_and_corrections():
    offenders = [
        write
        for path in checked_modules()
        for write in writes_outside_services(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert offenders == []


def test_the_check_reads_the_loader_the_demo_commands_and_the_article_admin():
    checked = {path.relative_to(ROOT).as_posix() for path in checked_modules()}
    assert {
        "transfer/loader.py",
        "demo/management/commands/load_demo.py",
        "demo/management/commands/generate_articles.py",
        "articles/admin/article.py",
    } <= checked


def test_the_check_sees_each_way_of_writing_and_lets_reads_and_services_pass():
    source = """
article = Article(headline="x")
article.save()
Article.objects.filter(pk=1).update(status="draft")
Byline.objects.create(article=article, author=author, position=0)
Byline.objects.bulk_create(rows)
TaggedItem.objects.filter(object_id=1).delete()
Correction.objects.create(article=article, text="x")
article.bylines.all().delete()
article.tags.set(tags)
story.tags.add(tag)
for byline in Byline.objects.filter(article=article):
    byline.delete()
found = Tag.objects.get(pk=1)
found.save()
super().save_related(request, form, formsets, change)
formset.save()
form.save_m2m()
# Reads, other models and the services pass:
Article.objects.filter(pk=1).exists()
article.bylines.values_list("author_id", "role")
page.save()
author.save()
formset.save(commit=False)
services.article_set_credits(article=article, by=user, bylines=[], tags=[])
tag_save(tag=Tag(name="x"))
"""
    flagged = [line.split(": ", 1)[1] for line in writes_outside_services(source)]
    assert flagged == [
        "article.save()",
        "Article.objects.filter(pk=1).update(status='draft')",
        "Byline.objects.create(article=article, author=author, position=0)",
        "Byline.objects.bulk_create(rows)",
        "TaggedItem.objects.filter(object_id=1).delete()",
        "Correction.objects.create(article=article, text='x')",
        "article.bylines.all().delete()",
        "article.tags.set(tags)",
        "story.tags.add(tag)",
        "byline.delete()",
        "found.save()",
        "super().save_related(request, form, formsets, change)",
        "formset.save()",
        "form.save_m2m()",
    ]
