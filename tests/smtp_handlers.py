"""An aiosmtpd handler for the tests: stores messages in a Maildir like `aiosmtpd.handlers.Mailbox`, but refuses, for
good (550), any recipient whose address starts with `rifiutato`; with `TAVOLO_TEST_SMTP_DELAY` set, it waits that many
seconds before accepting each message's data, like a slow relay."""

import asyncio
import os

from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("rifiutato"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        delay = float(os.environ.get("TAVOLO_TEST_SMTP_DELAY", "0"))
        if delay:
            await asyncio.sleep(delay)
        return await super().handle_DATA(server, session, envelope)
