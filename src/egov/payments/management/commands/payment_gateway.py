"""``egov payment_gateway``: the local gateway of the VNPay protocol, for the demo."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from egov.payments.contrib.vnpay.gateway import LocalGateway


class Command(BaseCommand):
    help = (
        "Run a local payment gateway that speaks VNPay's 2.1.0 protocol: it shows the "
        "payment page, lets the payer approve or cancel, calls the platform's IPN address "
        "and sends the payer back. Point EGOV_PAYMENT_VNPAY_URL at it. It moves no money."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument("--merchant", default=None,
                            help="Merchant code (default: EGOV_PAYMENT_VNPAY_TMN_CODE).")
        parser.add_argument("--secret", default=None,
                            help="Shared secret (default: EGOV_PAYMENT_VNPAY_HASH_SECRET).")
        parser.add_argument("--ipn-url", default=None,
                            help="The platform's IPN address (default: EGOV_SITE_URL + "
                                 "/api/v1/payments/ipn/vnpay/).")
        parser.add_argument("--bank-code", default="LOCAL")

    def handle(self, *args: Any, **options: Any) -> None:
        merchant = options["merchant"] or getattr(settings, "EGOV_PAYMENT_VNPAY_TMN_CODE", "")
        secret = options["secret"] or getattr(settings, "EGOV_PAYMENT_VNPAY_HASH_SECRET", "")
        if not merchant or not secret:
            raise CommandError("Give --merchant and --secret, or set "
                               "EGOV_PAYMENT_VNPAY_TMN_CODE and EGOV_PAYMENT_VNPAY_HASH_SECRET.")
        ipn_url = options["ipn_url"] or settings.SITE_URL.rstrip("/") + reverse(
            "v1:payments-ipn", kwargs={"provider": "vnpay"})
        try:
            gateway = LocalGateway(merchant_code=merchant, hash_secret=secret, ipn_url=ipn_url,
                                   host=options["host"], port=options["port"],
                                   bank_code=options["bank_code"], log=self.stdout.write)
        except OSError as exc:
            address = f"{options['host']}:{options['port']}"
            raise CommandError(f"Cannot listen on {address}: {exc}") from exc
        self.stdout.write(f"Payment page: {gateway.url}")
        self.stdout.write(f"IPN address:  {ipn_url}")
        try:
            gateway.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            gateway.stop()
