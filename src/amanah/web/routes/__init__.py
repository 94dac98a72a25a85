"""One router per domain; `amanah.web.app` mounts them."""
