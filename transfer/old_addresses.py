"""An imported item's addresses on the site it came from (a WordPress post's link, its ?p= form, its old slugs)
answer 301 to where it lives here, so that the old site's links keep working after the move."""

from urllib.parse import unquote

from django.core.exceptions import ValidationError

from redirects.addresses import old_address
from redirects.services import address_imported
from transfer.records import ItemWarning


def keep_old_addresses(addresses: list[str], row, warnings: list[str]) -> None:
    if not addresses:
        return
    here = unquote(row.get_absolute_url())
    for address in addresses:
        try:
            old = old_address(address)
        except ValidationError as error:
            warnings.append(
                ItemWarning("old address not kept", f"the old address {address} is not kept: {error.messages[0]}")
            )
            continue
        if old != here:  # the same address on both sites: nothing to redirect
            address_imported(old, here)
