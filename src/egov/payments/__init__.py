"""Fees and online payment (thanh toán trực tuyến phí, lệ phí).

A ``Payment`` is one attempt to pay one fee of one dossier through a gateway. The
gateways are plugins (``egov.payments.registry``); ``contrib/vnpay`` speaks VNPay's
2.1.0 redirect-and-signed-callback protocol and ships a local gateway server for the
demo and the tests. See docs/payments.md.
"""
