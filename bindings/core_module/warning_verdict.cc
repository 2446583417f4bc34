#include "warning_verdict.h"

namespace cryptoshim::py {
namespace {

struct Names {
  PyObject* registry = PyUnicode_InternFromString("__warningregistry__");
  PyObject* version = PyUnicode_InternFromString("version");
  PyObject* name = PyUnicode_InternFromString("__name__");
  PyObject* match = PyUnicode_InternFromString("match");
};

const Names& N() {
  static const Names names;  // interned strings live for the process
  return names;
}

// dict[key], borrowed, or nullptr; never an error set.
PyObject* Lookup(PyObject* dict, PyObject* key) {
  if (dict == nullptr || !PyDict_Check(dict)) return nullptr;
  PyObject* value = PyDict_GetItemWithError(dict, key);
  if (value == nullptr) PyErr_Clear();
  return value;
}

// The "__warningregistry__" key object the warnings machinery stores in a
// module's globals. CPython's _warnings inserts its own static string, which
// is not the interned one: looked up with the interned string, every check
// of a shown warning's registry (once per legacy call from a module whose
// globals change between calls, a script's loop variable for one) found
// the key by hash and memcmp, not by identity, ~170 instructions instead of
// ~50. Replaced once by the key object found in a globals dict
// (RecordShown), held for the process. Either object finds the entry: only
// the cost differs.
PyObject*& RegistryKey() {
  static PyObject* key = N().registry;
  return key;
}

// Once: makes RegistryKey() the key object `globals` holds the registry
// under (the warnings machinery's, the first registry recorded).
void AdoptRegistryKey(PyObject* globals) {
  if (RegistryKey() != N().registry) return;
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  while (PyDict_Next(globals, &pos, &key, &value)) {
    if (key == RegistryKey()) return;
    if (PyUnicode_CheckExact(key) && PyUnicode_Compare(key, N().registry) == 0) {
      Py_INCREF(key);
      RegistryKey() = key;
      return;
    }
  }
}

// The module's registry as setup_context finds it, or nullptr.
PyObject* ModuleRegistry(PyObject* globals) {
  PyObject* registry = Lookup(globals, RegistryKey());
  return registry != nullptr && PyDict_Check(registry) ? registry : nullptr;
}

// registry['version'] as already_warned reads it, or -1.
long RegistryVersion(PyObject* registry) {
  PyObject* v = Lookup(registry, N().version);
  if (v == nullptr || !PyLong_CheckExact(v)) return -1;
  const long version = PyLong_AsLong(v);
  if (version == -1) PyErr_Clear();
  return version;
}

bool KeySet(PyObject* registry, PyObject* key) {
  PyObject* seen = Lookup(registry, key);
  const int truth = seen == nullptr ? 0 : PyObject_IsTrue(seen);
  if (truth < 0) PyErr_Clear();
  return truth == 1;
}

// The dict's version tag (3.11 and before), else 0: never a match.
uint64_t Tag(PyObject* dict) {
#if PY_VERSION_HEX < 0x030C0000
  return reinterpret_cast<PyDictObject*>(dict)->ma_version_tag;
#else
  (void)dict;
  return 0;
#endif
}

// _warnings.c's check_matched: None matches anything, a plain str (the
// built-in default filters' module) must be equal, anything else is a
// compiled pattern whose match() decides. -1 on error.
int Matches(PyObject* pattern, PyObject* arg) {
  if (pattern == Py_None) return 1;
  if (PyUnicode_CheckExact(pattern)) {
    const int cmp = PyUnicode_Compare(pattern, arg);
    if (cmp == -1 && PyErr_Occurred()) return -1;
    return cmp == 0;
  }
  PyObject* result = PyObject_CallMethodOneArg(pattern, N().match, arg);
  if (result == nullptr) return -1;
  const int truth = PyObject_IsTrue(result);
  Py_DECREF(result);
  return truth;
}

// get_filter's answer: 1 when the first matching filter is "ignore", 0 when
// it is anything else or none matches (warnings.defaultaction then: not
// ours to guess), -1 on error. As get_filter, every part of a filter is
// checked, so an error in any of them is one here too; the entry is held,
// since a pattern's match() may take it out of the list.
int FirstMatchIgnores(PyObject* filter_list, PyObject* text, PyObject* category, PyObject* module,
                      int lineno) {
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(filter_list); ++i) {
    PyObject* item = PyList_GET_ITEM(filter_list, i);
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 5) return -1;
    Py_INCREF(item);
    PyObject* line = PyTuple_GET_ITEM(item, 4);
    const int good_msg = Matches(PyTuple_GET_ITEM(item, 1), text);
    const int good_mod = Matches(PyTuple_GET_ITEM(item, 3), module);
    const int is_subclass = PyObject_IsSubclass(category, PyTuple_GET_ITEM(item, 2));
    const long ln = PyLong_Check(line) ? PyLong_AsLong(line) : -1;
    int result = -2;  // -2: no match, next filter
    if (good_msg < 0 || good_mod < 0 || is_subclass < 0 || !PyLong_Check(line) ||
        (ln == -1 && PyErr_Occurred())) {
      result = -1;
    } else if (good_msg && good_mod && is_subclass && (ln == 0 || ln == lineno)) {
      PyObject* action = PyTuple_GET_ITEM(item, 0);
      result = PyUnicode_Check(action) && PyUnicode_CompareWithASCIIString(action, "ignore") == 0;
    }
    Py_DECREF(item);
    if (result != -2) return result;
  }
  return 0;
}

}  // namespace

bool WarningVerdict::ShownDropped() const {
  const uint64_t globals_tag = Tag(globals_);
  if (globals_tag == 0 || globals_tag != globals_tag_) {
    if (!registry_slot_.Holds(globals_, RegistryKey(), registry_)) return false;
    globals_tag_ = globals_tag;
  }
  const uint64_t tag = Tag(registry_);
  if (tag != 0 && tag == registry_tag_) return true;  // unchanged since last found dropping
  if (RegistryVersion(registry_) != version_ || !KeySet(registry_, key_)) return false;
  registry_tag_ = tag;
  return true;
}

bool WarningVerdict::Ignores(PyObject* filter_list, uint64_t filters, PyObject* globals,
                             PyObject* text, PyObject* category, int lineno) {
  // setup_context's module is the caller's __name__; without a str one
  // (it would use "<string>", or None) the call is left to PyErr_WarnEx.
  PyObject* module = Lookup(globals, N().name);
  if (filter_list == nullptr || !PyList_Check(filter_list) || module == nullptr ||
      !PyUnicode_Check(module)) {
    Clear();
    return false;
  }
  // A pattern's match() is Python code: it may change the list or the
  // module's globals, or let another thread in (which may record this
  // site). Everything used is held, and the verdict is set after the scan.
  Py_INCREF(filter_list);
  Py_INCREF(module);
  const int ignores = FirstMatchIgnores(filter_list, text, category, module, lineno);
  Py_DECREF(module);
  Py_DECREF(filter_list);
  if (ignores < 0) PyErr_Clear();
  if (ignores != 1) {
    Clear();
    return false;
  }
  Py_INCREF(globals);
  Set(Kind::kIgnored, globals, nullptr, nullptr, -1, filters);
  return true;
}

void WarningVerdict::RecordShown(PyObject* globals, PyObject* text, PyObject* category, int lineno,
                                 uint64_t filters) {
  PyObject* registry = ModuleRegistry(globals);
  if (registry != nullptr && PyDict_Check(globals)) AdoptRegistryKey(globals);
  const long version = registry != nullptr ? RegistryVersion(registry) : -1;
  PyObject* key = version < 0 ? nullptr : Py_BuildValue("(OOi)", text, category, lineno);
  if (key == nullptr) PyErr_Clear();
  // Not set: "always" (nothing remembered, every call warns).
  if (key == nullptr || !KeySet(registry, key)) {
    Py_XDECREF(key);
    Clear();
    return;
  }
  Py_INCREF(globals);
  Py_INCREF(registry);
  Set(Kind::kShown, globals, registry, key, version, filters);
}

void WarningVerdict::Clear() { Set(Kind::kNone, nullptr, nullptr, nullptr, -1, 0); }

// Every field is written before the old references go: releasing them may
// run Python code (a finaliser), and another thread then sees a whole verdict.
void WarningVerdict::Set(Kind kind, PyObject* globals, PyObject* registry, PyObject* key,
                         long version, uint64_t filters) {
  PyObject* old[] = {globals_, registry_, key_};
  kind_ = kind;
  globals_ = globals;
  registry_ = registry;
  key_ = key;
  version_ = version;
  filters_ = filters;
  globals_tag_ = globals != nullptr ? Tag(globals) : 0;
  registry_tag_ = registry != nullptr ? Tag(registry) : 0;
  registry_slot_ = DictSlot();
  for (PyObject* o : old) Py_XDECREF(o);
}

}  // namespace cryptoshim::py
