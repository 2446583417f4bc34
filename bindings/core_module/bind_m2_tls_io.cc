// M2Crypto.SSL.Connection's read, write and handshake steps on a socket
// without a timeout, each in one C call: _core.m2_tls_read(conn, size),
// _core.m2_tls_write(conn, data), _core.m2_tls_handshake(conn).
//
// The Python path (SSL/_io.py's run over _ssl_transport.step) costs several
// microseconds of frames, lambdas and tuples per step, more than M2Crypto's
// whole SWIG call for a 16 KiB record. Here the common outcomes come back as
// M2Crypto's own return values:
//   read       bytes (b"" when OpenSSL wants I/O or the peer sent close_notify)
//   write      the count written, -1 when OpenSSL wants I/O
//   handshake  1 when done, 0 when OpenSSL wants I/O
// and anything else (failures, close_notify during a handshake or write) as
// the io tuple, which the caller hands to _io.run as the step's first
// outcome, so errors keep their one mapping. None means "not taken": the
// handle is on memory BIOs (their pumping is _ssl_transport's), or the
// write's buffer is not one contiguous block (the Python path raises
// M2Crypto's error for it). A step interrupted by a signal (EINTR) runs
// again after the signal handlers, as _io.run does.
//
// Each step records its status as `_m2_last_status` on the handle, as
// _ssl_transport.step does, for m2.ssl_get_error.
#include <pybind11/pybind11.h>

#include <cerrno>
#include <climits>

#include "register.h"
#include "tls_io_glue.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

enum class Outcome { kDone, kWant, kOther };

// Runs `fn` until it is not interrupted, recording its status on `self`.
template <typename Fn>
std::pair<Outcome, TlsIo> Step(::py::handle self, TlsConnection& c, Fn&& fn) {
  static PyObject* const kLastStatus = PyUnicode_InternFromString("_m2_last_status");
  while (true) {
    TlsIo io = RunIo(c, fn);
    ::py::int_ status(static_cast<int>(io.status));
    if (PyObject_SetAttr(self.ptr(), kLastStatus, status.ptr()) != 0) {
      throw ::py::error_already_set();
    }
    switch (io.status) {
      case TlsIoStatus::kOk:
        return {Outcome::kDone, std::move(io)};
      case TlsIoStatus::kWantRead:
      case TlsIoStatus::kWantWrite:
      case TlsIoStatus::kWantX509Lookup:
        return {Outcome::kWant, std::move(io)};
      case TlsIoStatus::kSyscall:
        if (io.sys_errno == EINTR) {
          if (PyErr_CheckSignals() != 0) throw ::py::error_already_set();
          continue;
        }
        return {Outcome::kOther, std::move(io)};
      default:
        return {Outcome::kOther, std::move(io)};
    }
  }
}

// A held PyBUF_CONTIG_RO view of a Python object, or none.
class ReadOnlyBuffer {
 public:
  explicit ReadOnlyBuffer(::py::handle obj) {
    ok_ = PyObject_GetBuffer(obj.ptr(), &view_, PyBUF_CONTIG_RO) == 0;
    if (!ok_) PyErr_Clear();
  }
  ~ReadOnlyBuffer() {
    if (ok_) PyBuffer_Release(&view_);
  }
  ReadOnlyBuffer(const ReadOnlyBuffer&) = delete;
  ReadOnlyBuffer& operator=(const ReadOnlyBuffer&) = delete;
  bool ok() const { return ok_; }
  const char* data() const { return static_cast<const char*>(view_.buf); }
  Py_ssize_t size() const { return view_.len; }

 private:
  Py_buffer view_{};
  bool ok_ = false;
};

::py::object Read(::py::handle self, int size) {
  TlsConnection& c = self.cast<TlsConnection&>();
  if (c.uses_memory_bio() || size <= 0) return ::py::none();
  UninitBytes buf(size);
  auto [outcome, io] = Step(self, c, [&] { return c.Read(buf.data(), buf.size(), false); });
  if (outcome == Outcome::kDone) return buf.Take(io.result > 0 ? io.result : 0);
  if (outcome == Outcome::kWant || io.status == TlsIoStatus::kZeroReturn) return ::py::bytes();
  return IoTuple(io, buf.Take(0));
}

::py::object Write(::py::handle self, ::py::handle data) {
  TlsConnection& c = self.cast<TlsConnection&>();
  if (c.uses_memory_bio()) return ::py::none();
  ReadOnlyBuffer buf(data);
  if (!buf.ok() || buf.size() > INT_MAX) return ::py::none();
  if (buf.size() == 0) return ::py::int_(0);
  auto [outcome, io] =
      Step(self, c, [&] { return c.Write(buf.data(), static_cast<int>(buf.size())); });
  if (outcome == Outcome::kDone) return ::py::int_(io.result);
  if (outcome == Outcome::kWant) return ::py::int_(-1);
  return IoTuple(io, ::py::int_(io.result));
}

::py::object Handshake(::py::handle self) {
  TlsConnection& c = self.cast<TlsConnection&>();
  if (c.uses_memory_bio()) return ::py::none();
  auto [outcome, io] = Step(self, c, [&] { return c.DoHandshake(); });
  if (outcome == Outcome::kDone) return ::py::int_(1);
  if (outcome == Outcome::kWant) return ::py::int_(0);
  return IoTuple(io, ::py::int_(io.result));
}

}  // namespace

void RegisterM2TlsIo(::py::module_& m) {
  m.def("m2_tls_read", &Read, ::py::arg("conn"), ::py::arg("size"));
  m.def("m2_tls_write", &Write, ::py::arg("conn"), ::py::arg("data"));
  m.def("m2_tls_handshake", &Handshake, ::py::arg("conn"));
}

}  // namespace cryptoshim::py
