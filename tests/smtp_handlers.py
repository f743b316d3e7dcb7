"""An aiosmtpd handler for the tests: stores messages in a Maildir like `aiosmtpd.handlers.Mailbox`, but refuses, for
good (550), any recipient whose address starts with `rifiutato`."""

from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("rifiutato"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"
