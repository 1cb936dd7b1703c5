#!/bin/sh
# Let's Encrypt for docker compose, run once on the server from the project folder:
#   deploy/letsencrypt.sh peers.example.org admin@example.org
# 1. puts a temporary self-signed certificate in ./deploy/certs so nginx can start,
# 2. starts nginx and asks Let's Encrypt (certbot, HTTP-01 through /.well-known/acme-challenge/),
# 3. links the real certificate into ./deploy/certs and reloads nginx.
# Renewal: the `certbot` service (profile letsencrypt) tries twice a day and nginx reloads every 6 hours:
#   docker compose --profile letsencrypt up -d
set -eu
domain=${1:?usage: letsencrypt.sh DOMAIN EMAIL}
email=${2:?usage: letsencrypt.sh DOMAIN EMAIL}
cd "$(dirname "$0")/.."
mkdir -p deploy/certs
if [ ! -s deploy/certs/fullchain.pem ]; then
  openssl req -x509 -nodes -newkey rsa:2048 -days 2 -subj "/CN=$domain" \
    -keyout deploy/certs/privkey.pem -out deploy/certs/fullchain.pem
fi
docker compose up -d nginx
docker compose run --rm --entrypoint certbot certbot certonly --webroot -w /var/www/certbot \
  -d "$domain" --email "$email" --agree-tos --no-eff-email --non-interactive
# The certbot volume keeps /etc/letsencrypt; nginx reads the live certificate through it.
rm -f deploy/certs/fullchain.pem deploy/certs/privkey.pem
ln -s "/etc/letsencrypt/live/$domain/fullchain.pem" deploy/certs/fullchain.pem
ln -s "/etc/letsencrypt/live/$domain/privkey.pem" deploy/certs/privkey.pem
docker compose up -d --force-recreate nginx
docker compose --profile letsencrypt up -d certbot
echo "HTTPS with Let's Encrypt for $domain; renewals run in the certbot service."
