#!/bin/sh
# Starts Debian's Dovecot for tests in the foreground: one mailbox user on loopback, plain IMAP (with STARTTLS) and
# IMAPS, with a CA made for the run (DIR/ca.pem) signing the server's certificate. Used by the Rust tests and the
# browser tests alike.
# Usage: dovecot.sh DIR PORT TLS_PORT USER PASSWORD
set -eu
dir=$1 port=$2 tls_port=$3 user=$4 password=$5
mkdir -p "$dir/run" "$dir/state" "$dir/mail" "$dir/home"
# Dovecot serves mail as its own unprivileged user, which must reach and write the mail folders.
chmod 755 "$dir"
chown -R dovecot:dovecot "$dir/mail" "$dir/home"
cd "$dir"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Tavolo test CA' -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout key.pem -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out cert.pem 2>/dev/null
printf '%s:{PLAIN}%s\n' "$user" "$password" > users
cat > dovecot.conf <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
}
service anvil {
  chroot =
}
CONF
exec /usr/sbin/dovecot -F -c "$dir/dovecot.conf"
