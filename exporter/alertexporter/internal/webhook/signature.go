package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// SignatureHeader carries the body's HMAC when a secret is configured.
const SignatureHeader = "X-Vigil-Signature"

// Signature is the SignatureHeader value of a body: "sha256=" and the hex
// HMAC-SHA256 of the exact bytes sent, keyed with the secret. A receiver
// recomputes it over the raw body and compares in constant time.
func Signature(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
