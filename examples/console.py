"""The example app's console: a prompt on a terminal of its own (tty = true
in muster.ini), to reach with `muster connect console.1` while the other
processes run, type into, and leave with Ctrl-\\."""

import os
import urllib.request

# The console is entry 3 of the Procfile: web.1 has the base port, 300 below.
web = "http://127.0.0.1:%d/" % (int(os.environ["PORT"]) - 300)

# On a terminal, print flushes each line: no -u needed, unlike web.py.
print("console of %s: get, debug or quit" % os.environ.get("APP_NAME", "the app"))
while True:
    try:
        words = input("console> ").split()
    except EOFError:  # Ctrl-D
        break
    if words == ["get"]:
        try:
            print(urllib.request.urlopen(web, timeout=5).read().decode().strip())
        except OSError as e:
            print("web is not answering: %s" % e)
    elif words == ["debug"]:
        breakpoint()  # pdb: `p web`, then `c` to come back
    elif words == ["quit"]:
        break
    elif words:
        print("get, debug or quit")
