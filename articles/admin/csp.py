"""What the admin's change forms need to run under the Content-Security-Policy."""

from js_asset import Media


class EditorScriptNonce:
    """Lets the prose editor's one inline script, its import map, run under the Content-Security-Policy.

    The policy admits no inline script but one carrying this response's nonce (settings.py).
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)
