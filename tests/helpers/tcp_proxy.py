"""A TCP proxy that can play a hung server: frozen, it accepts connections and lets nothing through."""

import contextlib
import socket
import threading
import time


class FreezableProxy:
    def __init__(self, target_port, host="127.0.0.1"):
        self.target = (host, target_port)
        self.listener = socket.socket()
        self.listener.bind((host, 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.held = []  # connections accepted while frozen, never answered
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self):
        self.frozen.set()

    def thaw(self):
        self.frozen.clear()
        for held in self.held:
            held.close()

    def close(self):
        self.thaw()
        self.listener.close()
        for peer in self.sockets:
            peer.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.frozen.is_set():
                self.held.append(client)
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source, destination):
        try:
            while data := source.recv(65536):
                while self.frozen.is_set():  # hung: what was sent is never passed on
                    time.sleep(0.05)
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for peer in (source, destination):
                with contextlib.suppress(OSError):
                    peer.shutdown(socket.SHUT_RDWR)
