"""A minimal Language Server Protocol client for yaml-language-server (stdio, JSON-RPC).

Enough for tests/editor: open a document and read its diagnostics, ask for completion
and hover at a position. Each open is a new document version (the server caches parses
by URI and version, so reopening a file with new text as version 1 would read the old).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class YamlLanguageServer:
    def __init__(self, server: Path, schema_map: dict[str, list[str]], root: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._next = 0
        self._version = 0  # every open is a new version: the server caches parses by version
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._responses: dict[int, dict[str, Any]] = {}
        self._lock = threading.Condition()
        self._writing = threading.Lock()  # the reader thread answers the server too
        # Before the reader starts: the server may ask for them (workspace/configuration)
        # as soon as it is initialised, and the reader answers from here.
        self.settings: dict[str, Any] = {
            "yaml": {
                "validate": True,
                "completion": True,
                "hover": True,
                "schemaStore": {"enable": False},
                "schemas": schema_map,
            }
        }
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": False}},
                        "publishDiagnostics": {},
                        "hover": {"contentFormat": ["plaintext"]},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    # -- transport
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        with self._writing:  # one whole message at a time, from either thread
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            with self._lock:
                if "id" in message and "method" not in message:
                    self._responses[message["id"]] = message
                elif message.get("method") == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self._diagnostics[params["uri"]] = params["diagnostics"]
                elif message.get("method") == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [self.settings.get(i.get("section", ""), None) for i in items]
                    self._send({"id": message["id"], "result": result})
                elif "id" in message and "method" in message:
                    self._send({"id": message["id"], "result": None})
                self._lock.notify_all()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self._next += 1
        ident = self._next
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self._lock:
            while ident not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(method)
                self._lock.wait(left)
            return self._responses.pop(ident).get("result")

    # -- documents
    def _open(self, uri: str, text: str) -> None:
        self._version += 1
        document = {"uri": uri, "languageId": "yaml", "version": self._version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def diagnostics(self, path: Path, text: str, timeout: float = 30) -> list[dict[str, Any]]:
        uri = path.resolve().as_uri()
        with self._lock:
            self._diagnostics.pop(uri, None)
        self._open(uri, text)
        deadline = time.monotonic() + timeout
        with self._lock:
            while uri not in self._diagnostics:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for {path}")
                self._lock.wait(left)
            found = self._diagnostics[uri]
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found

    def completion(self, path: Path, text: str, line: int, character: int) -> list[str]:
        uri = path.resolve().as_uri()
        self._open(uri, text)
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def hover(self, path: Path, text: str, line: int, character: int) -> str:
        """The hover text at a position ("" when there is none)."""
        uri = path.resolve().as_uri()
        self._open(uri, text)
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        if not result:
            return ""
        contents = result.get("contents", "")
        return str(contents.get("value", "") if isinstance(contents, dict) else contents)

    def file_changed(self, path: Path) -> None:
        """Tell the server a file changed on disk (editors watch files and say so): a schema
        it read before is read again."""
        change = {"uri": path.resolve().as_uri(), "type": 2}  # FileChangeType.Changed
        self.notify("workspace/didChangeWatchedFiles", {"changes": [change]})

    def configure(self, schema_map: dict[str, Any]) -> None:
        """Associate schemas with files by glob, as an editor's `yaml.schemas` setting does."""
        self.settings["yaml"]["schemas"] = schema_map
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
        except (TimeoutError, BrokenPipeError, OSError):
            pass
        self.process.kill()
        self.process.wait(timeout=5)
