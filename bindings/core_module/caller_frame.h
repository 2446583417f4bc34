// The calling Python code object and instruction offset, for the per-call
// telemetry of the C entry-point wrapper. PyEval_GetFrame materialises a
// frame object for every Python call that has none yet (each call of a
// function or lambda that calls a legacy API): about 100 ns, more than all
// the rest of the bookkeeping. On CPython 3.11 the interpreter's own frame
// record is read instead (the layout below is 3.11's _PyInterpreterFrame,
// include/internal/pycore_frame.h); other versions take the public API.
#pragma once

#include <Python.h>
#include <frameobject.h>

namespace cryptoshim::py {

#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#define CRYPTOSHIM_FAST_CALLER 1
// The head of CPython 3.11's _PyInterpreterFrame, up to the fields read here.
struct InterpreterFrame311 {
  PyObject* f_func;
  PyObject* f_globals;
  PyObject* f_builtins;
  PyObject* f_locals;
  PyCodeObject* f_code;
  PyFrameObject* frame_obj;
  InterpreterFrame311* previous;
  _Py_CODEUNIT* prev_instr;
  int stacktop;
  bool is_entry;
  char owner;  // FRAME_OWNED_BY_GENERATOR == 1
};
#endif

struct Caller {
  PyCodeObject* code = nullptr;  // borrowed; nullptr: no Python caller
  int lasti = -1;                // instruction offset in code (the site key)
  PyObject* globals = nullptr;   // borrowed: the frame's globals (its module's warnings registry)
};

// The innermost complete Python frame, as PyEval_GetFrame picks it (a frame
// still running its prologue, before _co_firsttraceable, is skipped).
inline Caller CurrentCaller() {
  Caller c;
#ifdef CRYPTOSHIM_FAST_CALLER
  PyThreadState* tstate = _PyThreadState_UncheckedGet();
  auto* f = reinterpret_cast<InterpreterFrame311*>(tstate->cframe->current_frame);
  while (f != nullptr) {
    auto* first = reinterpret_cast<_Py_CODEUNIT*>(f->f_code->co_code_adaptive);
    if (f->owner == 1 || f->prev_instr >= first + f->f_code->_co_firsttraceable) {
      c.code = f->f_code;
      c.lasti = static_cast<int>(f->prev_instr - first) * static_cast<int>(sizeof(_Py_CODEUNIT));
      c.globals = f->f_globals;
      return c;
    }
    f = f->previous;
  }
#else
  PyFrameObject* frame = PyEval_GetFrame();  // borrowed
  if (frame != nullptr) {
    PyCodeObject* code = PyFrame_GetCode(frame);  // new reference
    c.code = code;
    Py_DECREF(code);  // the frame keeps its code alive during the call
#if PY_VERSION_HEX >= 0x030B0000
    c.lasti = PyFrame_GetLasti(frame);
#else
    c.lasti = frame->f_lasti;
#endif
#if PY_VERSION_HEX >= 0x030B0000
    PyObject* globals = PyFrame_GetGlobals(frame);  // new reference
    c.globals = globals;
    Py_DECREF(globals);  // the frame keeps its globals alive during the call
#else
    c.globals = frame->f_globals;
#endif
  }
#endif
  return c;
}

}  // namespace cryptoshim::py
