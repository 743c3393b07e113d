//! Browser effects at the edge: download, clipboard, URL fragment, storage.
