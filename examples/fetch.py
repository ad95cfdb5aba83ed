"""Fetches a URL and prints the body: the example scheduler's job."""

import sys
import urllib.request

try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode().strip())
except OSError as e:
    print("web is not answering: %s" % e)
