"""A real SMTP server for the notification tests: aiosmtpd with STARTTLS required and AUTH.

usage: smtp_server.py CERT KEY USER PASSWORD OUTPUT_DIR
Writes OUTPUT_DIR/port once it listens on 127.0.0.1, and each message it accepts as
OUTPUT_DIR/message-N.json ({"mail_from", "rcpt_tos", "content"}). Runs until killed.
"""
import json
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

cert, key, user, password, output = sys.argv[1:6]


class Store:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Store.count += 1
        path = os.path.join(output, "message-%d.json" % Store.count)
        with open(path + ".tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "content": envelope.content.decode("utf-8", "replace"),
                       "authenticated": session.authenticated}, f)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login.decode() == user \
        and data.password.decode() == password
    return AuthResult(success=ok)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
port = free_port()
controller = Controller(Store(), hostname="127.0.0.1", port=port, tls_context=context,
                        require_starttls=True, auth_required=True, authenticator=authenticate)
controller.start()
with open(os.path.join(output, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(output, "port.tmp"), os.path.join(output, "port"))
signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
while True:
    time.sleep(1)
