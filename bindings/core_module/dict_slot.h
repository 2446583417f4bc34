// Whether dict[key] is still `value`, re-checked without a lookup. A shown
// warning's verdict (warning_verdict.h) must notice when a module's
// __warningregistry__ is rebound or deleted, and a module whose globals
// change between legacy calls (a script's loop variable) made that a dict
// lookup per call: ~110 instructions of a ~150-instruction legacy call.
// On CPython 3.11 the slot the key was found in is remembered, and a check
// reads that entry of the dict's table (the layout below is 3.11's
// PyDictKeysObject, Include/internal/pycore_dict.h, as caller_frame.h reads
// 3.11's frames); other versions look the key up.
//
// Sound whatever happened to the dict since: the entry is read only within
// the table the dict has now (bounds from that table's own header), and
// only identity of both key and value counts as a match. A key is unique in
// a dict, so an entry holding `key` with `value` means dict[key] is value;
// anything else falls back to the lookup.
//
// Thread contract: with the GIL held.
#pragma once

#include <Python.h>

#include <cstdint>

namespace cryptoshim::py {

class DictSlot {
 public:
  // dict[key] is value (both compared by identity); never sets an error.
  bool Holds(PyObject* dict, PyObject* key, PyObject* value) {
    if (!PyDict_Check(dict)) return false;
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
    if (Entry311(dict, key, index_) == value) return true;
    const bool holds = Lookup(dict, key) == value;
    if (holds) index_ = Find311(dict, key);
    return holds;
#else
    return Lookup(dict, key) == value;
#endif
  }

 private:
  static PyObject* Lookup(PyObject* dict, PyObject* key) {
    PyObject* found = PyDict_GetItemWithError(dict, key);
    if (found == nullptr) PyErr_Clear();
    return found;
  }

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
  // The head of CPython 3.11's PyDictKeysObject and its two entry kinds.
  struct Keys311 {
    Py_ssize_t dk_refcnt;
    uint8_t dk_log2_size;
    uint8_t dk_log2_index_bytes;
    uint8_t dk_kind;  // DICT_KEYS_GENERAL 0, DICT_KEYS_UNICODE 1, DICT_KEYS_SPLIT 2
    uint32_t dk_version;
    Py_ssize_t dk_usable;
    Py_ssize_t dk_nentries;
    char dk_indices[];
  };
  struct UnicodeEntry311 {
    PyObject* me_key;
    PyObject* me_value;
  };
  struct GeneralEntry311 {
    Py_hash_t me_hash;
    PyObject* me_key;
    PyObject* me_value;
  };

  // The value of entry `index` when its key is `key`, else nullptr. Only a
  // combined table (ma_values null: module globals, most dicts) holds its
  // values in the entries.
  static PyObject* Entry311(PyObject* dict, PyObject* key, Py_ssize_t index) {
    auto* d = reinterpret_cast<PyDictObject*>(dict);
    if (index < 0 || d->ma_values != nullptr) return nullptr;
    auto* keys = reinterpret_cast<Keys311*>(d->ma_keys);
    if (index >= keys->dk_nentries) return nullptr;
    char* entries = keys->dk_indices + (size_t{1} << keys->dk_log2_index_bytes);
    if (keys->dk_kind == 1) {
      auto& e = reinterpret_cast<UnicodeEntry311*>(entries)[index];
      return e.me_key == key ? e.me_value : nullptr;
    }
    if (keys->dk_kind == 0) {
      auto& e = reinterpret_cast<GeneralEntry311*>(entries)[index];
      return e.me_key == key ? e.me_value : nullptr;
    }
    return nullptr;
  }

  // The entry index holding `key` (by identity), or -1.
  static Py_ssize_t Find311(PyObject* dict, PyObject* key) {
    auto* d = reinterpret_cast<PyDictObject*>(dict);
    if (d->ma_values != nullptr) return -1;
    const Py_ssize_t n = reinterpret_cast<Keys311*>(d->ma_keys)->dk_nentries;
    for (Py_ssize_t i = 0; i < n; ++i) {
      if (Entry311(dict, key, i) != nullptr) return i;
    }
    return -1;
  }

  Py_ssize_t index_ = -1;
#endif
};

}  // namespace cryptoshim::py
