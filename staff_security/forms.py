from django import forms
from django_otp import match_token


class SecondFactorForm(forms.Form):
    """The code from the authenticator app, or one of the recovery codes (each works once)."""

    otp_token = forms.CharField(
        label="Code",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split()).lower()
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError("That code is not right, or has been used already. Try the app's current code.")
        return token
