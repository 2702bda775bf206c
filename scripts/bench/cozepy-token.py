"""One-shot token with the official Coze Python SDK, as a script would get one: the cold-process baseline.

Usage: cozepy-token.py APP_ID KEY_ID PRIVATE_PEM BASE_URL
"""
import sys

from cozepy import JWTOAuthApp

app_id, key_id, private_pem, base_url = sys.argv[1:5]
with open(private_pem) as handle:
    private_key = handle.read()
app = JWTOAuthApp(client_id=app_id, private_key=private_key, public_key_id=key_id, base_url=base_url)
token = app.get_access_token(ttl=900)
print(token.access_token)
