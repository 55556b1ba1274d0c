#!/usr/bin/env bash
# Real peers the integration tests drive, from Debian's packages: Chromium (the secure-link
# page is tested in a real headless browser), Net::SMPP (an SMSC we did not write, so the
# SMPP gateway is not only tested against our own simulator) and Prometheus (promtool checks
# the alert and SLO rules and runs their unit tests). Installed when missing; nothing is started.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
perl -MNet::SMPP -e1 2>/dev/null || missing+=(libnet-smpp-perl)
command -v promtool >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && { echo "test peers: chromium, Net::SMPP and promtool present"; exit 0; }

if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo "test peers: installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists; refresh them only when the install needs it.
$sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
  { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; }
echo "test peers: installed ${missing[*]}"
