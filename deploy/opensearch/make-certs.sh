#!/usr/bin/env bash
# Makes the TLS certificates of a Paperboy OpenSearch cluster: a private root CA, one certificate per node (for the
# transport layer between nodes and for HTTPS to Paperboy) and an admin certificate for securityadmin.sh.
#
#   deploy/opensearch/make-certs.sh OUT_DIR NAME=ADDRESS...
#   deploy/opensearch/make-certs.sh /root/os-certs os1.internal=10.0.0.41 os2.internal=10.0.0.42 os3.internal=10.0.0.43
#
# Writes OUT_DIR/root-ca.pem (give it to every node and to Paperboy: search.opensearch.ca-certificate),
# OUT_DIR/NAME.pem and NAME-key.pem for each node, admin.pem and admin-key.pem. Keys are unencrypted PKCS#8 (what
# the security plugin reads); keep root-ca-key.pem off the nodes. Subjects: CN=NAME,OU=search,O=Paperboy for nodes
# (opensearch.yml's plugins.security.nodes_dn) and CN=admin,OU=search,O=Paperboy (plugins.security.authcz.admin_dn).
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
out="$1"; shift
for node in "$@"; do
  case "$node" in
    ?*=?*) ;;
    *) echo "make-certs: '$node' is not NAME=ADDRESS" >&2; exit 2 ;;
  esac
done
days=825
mkdir -p "$out"
umask 077
cd "$out"

if [ ! -f root-ca.pem ]; then
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out root-ca-key.pem
  openssl req -x509 -new -key root-ca-key.pem -sha256 -days 3650 -subj "/O=Paperboy/OU=search/CN=Paperboy search root CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out root-ca.pem
fi

# sign NAME SUBJECT EXTENSIONS: a key and a certificate signed by the root CA.
sign() {
  local name="$1" subject="$2" extensions="$3"
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name-key.pem"
  openssl req -new -key "$name-key.pem" -subj "$subject" -out "$name.csr"
  printf '%b' "$extensions" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA root-ca.pem -CAkey root-ca-key.pem -CAcreateserial -sha256 -days "$days" \
    -extfile "$name.ext" -out "$name.pem"
  rm -f "$name.csr" "$name.ext"
}

sign admin "/O=Paperboy/OU=search/CN=admin" \
  "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n"

for node in "$@"; do
  name="${node%%=*}"; address="${node#*=}"
  # Nodes authenticate each other with these certificates, so they are both server and client certificates.
  sign "$name" "/O=Paperboy/OU=search/CN=$name" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:$name,IP:$address\n"
done
chmod 644 ./*.pem
chmod 600 ./*-key.pem
echo "certificates in $(pwd):"
ls -1 ./*.pem
