from django import template

from articles import desk

register = template.Library()


@register.inclusion_tag("admin/desk.html", takes_context=True)
def editor_desk(context):
    """The desk for the logged-in user, for those who may see articles."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show_desk": False}
    return {"show_desk": True, **desk.desk(user)}
