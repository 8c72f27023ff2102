from django import forms
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice


def is_recovery_code_for(token, device):
    """Six digits are the authenticator's; anything else a recovery code, so neither costs the other a failure."""
    return isinstance(device, StaticDevice) != (len(token) == 6 and token.isdigit())


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
        with transaction.atomic():
            devices = [d for d in devices_for_user(self.user, for_verify=True) if is_recovery_code_for(token, d)]
            # django-otp pauses a device a little longer after each wrong code, whoever sent it: a guesser spread
            # over many addresses, which the lockout counts one by one, gets nowhere either.
            if not all(device.verify_is_allowed()[0] for device in devices):
                raise forms.ValidationError(
                    "Too many wrong codes just now: wait a few seconds, then try the current code."
                )
            self.device = next((device for device in devices if device.verify_token(token)), None)
        if self.device is None:
            raise forms.ValidationError("That code is not right, or has been used already. Try the app's current code.")
        return token
