#!/usr/bin/env bash
# `make demo`: the platform on SQLite with the demo province, and beside it the local
# payment gateway (the VNPay protocol, docs/payments.md) so demo citizens can pay fees.
# Both stop together with Ctrl-C.
set -euo pipefail
egov="$1"
host="${2:-127.0.0.1:8000}"
# Demo credentials shared by the platform and the local gateway; never used in production.
export EGOV_PAYMENT_VNPAY_TMN_CODE="${EGOV_PAYMENT_VNPAY_TMN_CODE:-EGOVDEMO}"
export EGOV_PAYMENT_VNPAY_HASH_SECRET="${EGOV_PAYMENT_VNPAY_HASH_SECRET:-egov-demo-gateway-secret-2017}"
export EGOV_SITE_URL="${EGOV_SITE_URL:-http://$host}"

"$egov" migrate --no-input -v 0
"$egov" load_demo --if-empty
"$egov" payment_gateway --port 8099 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null || true' EXIT
echo "Local payment gateway on http://127.0.0.1:8099 (demo only)."
"$egov" runserver --noreload "$host"
