//! The one pass from response bytes to Python objects: the core's decoder sends events (read ahead into a
//! [`Tape`] off the GIL, for responses), this sink builds
//! `dict`, `list`, `str`, `int`, `float`, `bool` and `None` directly, with each distinct key made once per
//! response and the garbage collector paused while the containers are built. JSON the model keeps as it is
//! (a tool's parameter schemas: most of a tool list's bytes) stays text in a [`RawJson`] until the model
//! attribute is first read, so a page costs in proportion to the fields users touch.

use std::collections::HashMap;

use composio::decode::{Sink, Tape};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

/// Builds a response's objects from its tape (read ahead where it arrived, so a body that does not read as the
/// model was already a `decode` error there).
pub fn build_from_tape(py: Python<'_>, tape: &Tape) -> PyResult<Py<PyAny>> {
    let _paused = GcPause::new(py)?;
    let mut sink = PySink::new(py, true);
    sink.indexed = Vec::with_capacity(tape.key_count());
    tape.replay(&mut sink)
        .map_err(pyo3::exceptions::PyValueError::new_err)?;
    Ok(sink.result.map_or_else(|| py.None(), Bound::unbind))
}

/// Any JSON text as Python objects, in the same one pass (the agent layer's definitions and messages).
pub fn json_text_to_py(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let _paused = GcPause::new(py)?;
    let mut sink = PySink::new(py, false);
    composio::decode::transcode(
        text.as_bytes(),
        composio::decode::ResponseShape::Json,
        &mut sink,
    )
    .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    Ok(sink.result.map_or_else(|| py.None(), Bound::unbind))
}

/// A JSON value kept as text until it is read: `value()` builds it (once per call; the model caches it).
#[pyclass(frozen, module = "composio_rs._native")]
pub struct RawJson {
    text: Box<str>,
}

#[pymethods]
impl RawJson {
    /// The value as `dict`, `list`, `str`, `int`, `float`, `bool` or `None`.
    fn value(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let _paused = GcPause::new(py)?;
        let mut sink = PySink::new(py, false);
        composio::decode::transcode(
            self.text.as_bytes(),
            composio::decode::ResponseShape::Json,
            &mut sink,
        )
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        Ok(sink.result.map_or_else(|| py.None(), Bound::unbind))
    }

    fn __repr__(&self) -> String {
        format!("RawJson({} bytes)", self.text.len())
    }
}

enum Frame<'py> {
    List(Bound<'py, PyList>),
    Dict(Bound<'py, PyDict>, Option<Bound<'py, PyString>>),
}

struct PySink<'py> {
    py: Python<'py>,
    stack: Vec<Frame<'py>>,
    result: Option<Bound<'py, PyAny>>,
    /// The same 20-odd keys recur thousands of times in a page: one string object each.
    keys: HashMap<String, Bound<'py, PyString>>,
    /// The same, by a tape's key index ([`Sink::indexed_key`]).
    indexed: Vec<Option<Bound<'py, PyString>>>,
    /// Keep the model's JSON fields as [`RawJson`] text.
    lazy_json: bool,
}

fn text_err(e: PyErr) -> String {
    e.to_string()
}

impl<'py> PySink<'py> {
    fn new(py: Python<'py>, lazy_json: bool) -> Self {
        Self {
            py,
            stack: Vec::new(),
            result: None,
            keys: HashMap::new(),
            indexed: Vec::new(),
            lazy_json,
        }
    }

    fn value(&mut self, value: Bound<'py, PyAny>) -> Result<(), String> {
        match self.stack.last_mut() {
            None => self.result = Some(value),
            Some(Frame::List(list)) => list.append(value).map_err(text_err)?,
            Some(Frame::Dict(dict, key)) => {
                let key = key.take().ok_or("a value without a key")?;
                dict.set_item(key, value).map_err(text_err)?;
            }
        }
        Ok(())
    }

    fn set_key(&mut self, key: Bound<'py, PyString>) -> Result<(), String> {
        match self.stack.last_mut() {
            Some(Frame::Dict(_, slot)) => {
                *slot = Some(key);
                Ok(())
            }
            _ => Err("a key outside an object".into()),
        }
    }

    fn close(&mut self) -> Result<(), String> {
        let value = match self.stack.pop() {
            Some(Frame::List(list)) => list.into_any(),
            Some(Frame::Dict(dict, _)) => dict.into_any(),
            None => return Err("unbalanced events".into()),
        };
        self.value(value)
    }
}

impl Sink for PySink<'_> {
    fn null(&mut self) -> Result<(), String> {
        self.value(self.py.None().into_bound(self.py))
    }
    fn bool(&mut self, value: bool) -> Result<(), String> {
        self.value(PyBool::new(self.py, value).to_owned().into_any())
    }
    fn i64(&mut self, value: i64) -> Result<(), String> {
        let Ok(v) = value.into_pyobject(self.py);
        self.value(v.into_any())
    }
    fn u64(&mut self, value: u64) -> Result<(), String> {
        let Ok(v) = value.into_pyobject(self.py);
        self.value(v.into_any())
    }
    fn f64(&mut self, value: f64) -> Result<(), String> {
        let Ok(v) = value.into_pyobject(self.py);
        self.value(v.into_any())
    }
    fn str(&mut self, value: &str) -> Result<(), String> {
        self.value(PyString::new(self.py, value).into_any())
    }
    fn begin_list(&mut self) -> Result<(), String> {
        self.stack.push(Frame::List(PyList::empty(self.py)));
        Ok(())
    }
    fn end_list(&mut self) -> Result<(), String> {
        self.close()
    }
    fn begin_object(&mut self) -> Result<(), String> {
        self.stack.push(Frame::Dict(PyDict::new(self.py), None));
        Ok(())
    }
    fn key(&mut self, key: &str) -> Result<(), String> {
        let interned = match self.keys.get(key) {
            Some(k) => k.clone(),
            None => {
                let k = PyString::intern(self.py, key);
                self.keys.insert(key.to_string(), k.clone());
                k
            }
        };
        self.set_key(interned)
    }
    fn indexed_key(&mut self, index: usize, key: &str) -> Result<(), String> {
        if self.indexed.len() <= index {
            self.indexed.resize(index + 1, None);
        }
        let interned = match &self.indexed[index] {
            Some(k) => k.clone(),
            None => {
                let k = PyString::intern(self.py, key);
                self.indexed[index] = Some(k.clone());
                k
            }
        };
        self.set_key(interned)
    }
    fn end_object(&mut self) -> Result<(), String> {
        self.close()
    }
    fn takes_raw_json(&self) -> bool {
        self.lazy_json
    }
    fn raw_json(&mut self, text: &str) -> Result<(), String> {
        let raw = Bound::new(self.py, RawJson { text: text.into() }).map_err(text_err)?;
        self.value(raw.into_any())
    }
}

/// Keeps Python's cyclic garbage collector off while a response's containers are made (they hold no
/// cycles, and collections triggered by the allocations would walk them again and again), and restores
/// it afterwards, also on error.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if gc
            .call_method0(pyo3::intern!(py, "isenabled"))?
            .is_truthy()?
        {
            gc.call_method0(pyo3::intern!(py, "disable"))?;
            Ok(Self { gc: Some(gc) })
        } else {
            Ok(Self { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0(pyo3::intern!(gc.py(), "enable"));
        }
    }
}
