# Runs one code tool inside a sandbox container, as `python3 -I -c <this file>`.
# Reads one JSON line {code, args, marker} from stdin, executes `code`, calls its `main(args)` (awaiting
# it when it is a coroutine) and prints marker + {"result": ...} or {"error": {kind, name, message}}
# as its last stdout line. `print` writes to the same stdout, so logs keep their order.
import json
import os
import sys

stdout = sys.stdout
marker = ''


def report(outcome):
    stdout.write(marker + json.dumps(outcome) + '\n')
    stdout.flush()
    os._exit(0)


def fail(kind, error):
    if isinstance(error, MemoryError):
        kind = 'memory'
    report({'error': {'kind': kind, 'name': type(error).__name__, 'message': str(error)}})


try:
    envelope = json.loads(sys.stdin.readline())
    marker = envelope['marker']
except BaseException as error:
    fail('input', error)

namespace = {'__name__': '__tool__'}
try:
    exec(compile(envelope['code'], 'tool.py', 'exec'), namespace)
except BaseException as error:
    fail('load', error)

main = namespace.get('main')
if not callable(main):
    found = 'it defines none' if main is None else 'main is a ' + type(main).__name__
    report({'error': {'kind': 'export', 'message': 'Tool code must define a function main(args); ' + found}})

try:
    result = main(envelope['args'])
    if hasattr(result, '__await__'):
        import asyncio
        result = asyncio.run(result)
except BaseException as error:
    fail('call', error)

try:
    line = json.dumps({'result': result}, allow_nan=False)
except BaseException as error:
    fail('result', error)

stdout.write(marker + line + '\n')
stdout.flush()
os._exit(0)
