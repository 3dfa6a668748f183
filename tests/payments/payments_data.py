"""Values and helpers the payments tests share (imported by module name).

``vnpay_hash`` signs as VNPay's published samples do, written here from the protocol's
description and not with the code under test: sort the vnp_ parameters by name, drop the
hash fields and empty values, URL-encode each value as a form field, join with "&", and
take the hex HMAC-SHA512 keyed with the secret.
"""

import hashlib
import hmac
import urllib.parse

MERCHANT = "EGOVTEST"
SECRET = "K9QWERTYUIOPASDFGHJKLZXCVBNM2468"
GATEWAY_URL = "http://127.0.0.1:8099/paymentv2/vpcpay.html"
PASSWORD = "Thanh-Toan-2025"
RETURN_URL = "http://testserver/thanh-toan/vnpay/ket-qua/"
DOSSIER = "000.00.31.H59-250312-0001"  # the applicant's, fee 150 000 VND, agency A
FREE_DOSSIER = "000.00.31.H59-250312-0002"  # the applicant's, no fee stated
OTHERS_DOSSIER = "000.00.23.H59-250312-0001"  # another citizen's, agency B
FEE_PURPOSE = "Lệ phí cấp giấy chứng nhận điểm cung cấp dịch vụ trò chơi điện tử"


def vnpay_hash(params: dict, secret: str = SECRET) -> str:
    pairs = []
    for name in sorted(params):
        value = str(params[name])
        if name in ("vnp_SecureHash", "vnp_SecureHashType") or value == "":
            continue
        pairs.append(name + "=" + urllib.parse.quote_plus(value))
    message = "&".join(pairs).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha512).hexdigest()


def gateway_answer(payment, *, response="00", status="00", amount=None, number="14226112",
                   pay_date="20250312101530", secret: str = SECRET, **extra) -> dict:
    """The parameters the gateway sends back about ``payment``, signed."""
    params = {
        "vnp_TmnCode": MERCHANT,
        "vnp_TxnRef": payment.txn_ref,
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_OrderInfo": f"Ho so {payment.reference}",
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14226112",
        "vnp_CardType": "ATM",
        "vnp_PayDate": pay_date,
        "vnp_ResponseCode": response,
        "vnp_TransactionStatus": status,
        "vnp_TransactionNo": number,
        **extra,
    }
    params["vnp_SecureHash"] = vnpay_hash(params, secret)
    return params
