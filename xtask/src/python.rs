//! The Python package's generated modules: the resource classes of `Composio` and `AsyncComposio` (the same
//! methods and signatures; only `async`/`await` differ) and the model classes generated from the spec.

use crate::emit::{one_line, Out, GENERATED_BY};
use crate::model::{FieldType, Model};
use crate::table::{Api, Arg, ResolvedOp};

pub fn files(api: &Api) -> Vec<(String, String)> {
    vec![
        (
            "python/composio_rs/_resources.py".into(),
            resources(api, false),
        ),
        (
            "python/composio_rs/_async_resources.py".into(),
            resources(api, true),
        ),
        (
            "python/composio_rs/_generated_models.py".into(),
            models(&api.models),
        ),
    ]
}

/// An import as isort writes it: one line when it fits, else one name per line.
fn import(o: &mut Out, module: &str, names: &[&str]) {
    let line = format!("from {module} import {}", names.join(", "));
    if line.len() <= LINE_LENGTH {
        o.line(line);
    } else {
        o.line(format!("from {module} import ("));
        for n in names {
            o.line(format!("    {n},"));
        }
        o.line(")");
    }
}

/// The package's ruff line length.
const LINE_LENGTH: usize = 110;

fn py_type(a: &Arg) -> String {
    let base = match a.ty.as_str() {
        "string" if !a.one_of.is_empty() => {
            let values: Vec<String> = a.one_of.iter().map(|v| format!("\"{v}\"")).collect();
            format!("Literal[{}]", values.join(", "))
        }
        "string" if a.local_path => "PathLike".into(),
        "string" => "str".into(),
        "bool" => "bool".into(),
        "int" | "epoch_ms" => "int".into(),
        "duration" => "float".into(),
        "strings" => "Sequence[str]".into(),
        "json_object" => "Mapping[str, Any]".into(),
        "json" => return "Any = None".into(),
        "bytes" => "bytes".into(),
        _ => "Mapping[str, Any]".into(),
    };
    if a.required {
        base
    } else if let Some(d) = a.default {
        format!("{base} = {}", if d { "True" } else { "False" })
    } else {
        format!("Optional[{base}] = None")
    }
}

/// A group's hand-written mixin: `_X` for the blocking class, `_AsyncX` for the asyncio one.
fn mixin_name(mixin: &str, asynchronous: bool) -> String {
    match asynchronous {
        true => format!("_Async{}", mixin.trim_start_matches('_')),
        false => mixin.to_string(),
    }
}

fn class_name(name: &str, asynchronous: bool) -> String {
    if asynchronous {
        format!("Async{name}")
    } else {
        name.to_string()
    }
}

fn resources(api: &Api, asynchronous: bool) -> String {
    let mut o = Out::new(&format!("# {GENERATED_BY}"));
    let what = if asynchronous {
        "AsyncComposio"
    } else {
        "Composio"
    };
    o.line(format!(
        "\"\"\"The resources of ``{what}``: one method per operation of the table.\"\"\""
    ));
    o.blank();
    o.line("from __future__ import annotations");
    o.blank();
    let iter_type = if asynchronous {
        "AsyncIterator"
    } else {
        "Iterator"
    };
    o.line(format!(
        "from typing import Any, {iter_type}, Literal, Mapping, Optional, Sequence  # noqa: F401"
    ));
    o.blank();
    let generated: std::collections::BTreeSet<&str> =
        api.models.iter().map(|m| m.name.as_str()).collect();
    let returned: std::collections::BTreeSet<&str> = api
        .ops()
        .filter(|op| !op.returns_strings())
        .map(|op| op.decl.returns.as_str())
        .collect();
    let mut from_generated: Vec<&str> = returned
        .iter()
        .copied()
        .filter(|m| generated.contains(m))
        .collect();
    // isort's order (ruff's default): without regard to case.
    from_generated.sort_by_key(|m| m.to_lowercase());
    let mut from_models: Vec<&str> = returned
        .iter()
        .copied()
        .filter(|m| !generated.contains(m))
        .collect();
    from_models.push("Page");
    from_models.sort();
    if !from_generated.is_empty() {
        import(&mut o, "._generated_models", &from_generated);
    }
    import(&mut o, "._models", &from_models);
    o.line("from ._native import NativeClient");
    let mut mixins: Vec<String> = api
        .groups
        .iter()
        .filter_map(|g| g.python_mixin.as_ref())
        .map(|m| mixin_name(m, asynchronous))
        .collect();
    if !mixins.is_empty() {
        mixins.sort_by_key(|name| name.to_lowercase());
        o.line(format!("from ._realtime import {}", mixins.join(", ")));
    }
    let base = if asynchronous {
        "_AsyncResource"
    } else {
        "_SyncResource"
    };
    // In the order isort (ruff) wants: the class, then the private names case-insensitively.
    let mut private = ["_args", base, "_millis"];
    private.sort_by_key(|name| name.to_lowercase());
    o.line(format!(
        "from ._resource_base import PathLike, {}",
        private.join(", ")
    ));
    o.blank();
    let mut names: Vec<String> = api
        .groups
        .iter()
        .map(|g| class_name(&g.python, asynchronous))
        .collect();
    names.sort();
    o.line(format!(
        "__all__ = [{}]",
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for g in &api.groups {
        o.blank();
        o.blank();
        let bases = match &g.python_mixin {
            Some(m) => format!("{}, {base}", mixin_name(m, asynchronous)),
            None => base.to_string(),
        };
        o.line(format!(
            "class {}({bases}):",
            class_name(&g.python, asynchronous)
        ));
        o.line(format!("    \"\"\"{}\"\"\"", g.doc));
        for op in &g.ops {
            o.blank();
            method(&mut o, op, asynchronous, false);
            if op.decl.page {
                o.blank();
                method(&mut o, op, asynchronous, true);
            }
        }
    }
    o.blank();
    o.blank();
    let mixin = if asynchronous {
        "_AsyncGroups"
    } else {
        "_SyncGroups"
    };
    o.line(format!("class {mixin}:"));
    o.line("    \"\"\"The resource attributes of the client.\"\"\"");
    o.blank();
    for g in &api.groups {
        o.line(format!(
            "    {}: {}",
            g.name,
            class_name(&g.python, asynchronous)
        ));
    }
    o.blank();
    o.line("    def _attach_groups(self, native: NativeClient) -> None:");
    for g in &api.groups {
        o.line(format!(
            "        self.{} = {}(native)",
            g.name,
            class_name(&g.python, asynchronous)
        ));
    }
    o.finish()
}

fn method(o: &mut Out, op: &ResolvedOp, asynchronous: bool, iter: bool) {
    let iter_name = op.iter_name();
    let name = if iter {
        iter_name.as_str()
    } else {
        op.method_name.as_str()
    };
    let mut params = vec!["self".to_string()];
    // A local path comes first in Python (what `upload(path)` reads), after the other positional arguments.
    let positional: Vec<&Arg> = op
        .positional_args()
        .into_iter()
        .chain(op.keyword_args().into_iter().filter(|a| a.local_path))
        .collect();
    for a in &positional {
        params.push(format!("{}: {}", a.name, py_type(a)));
    }
    let keywords: Vec<&Arg> = op
        .keyword_args()
        .into_iter()
        .filter(|a| !(a.local_path || iter && a.name == "cursor"))
        .collect();
    if !keywords.is_empty() {
        params.push("*".into());
        params.extend(
            keywords
                .iter()
                .map(|a| format!("{}: {}", a.name, py_type(a))),
        );
    }
    let model = &op.decl.returns;
    if op.returns_strings() {
        let def = if asynchronous { "async def" } else { "def" };
        o.line(format!(
            "    {def} {name}({}) -> Sequence[str]:",
            params.join(", ")
        ));
        o.line(format!(
            "        \"\"\"{}\"\"\"",
            one_line(&op.doc).replace('`', "``")
        ));
        let call = if asynchronous {
            format!("await self._native.call_async(\"{}\", _args())", op.name())
        } else {
            format!("self._native.call(\"{}\", _args())", op.name())
        };
        o.line(format!("        return list({call})"));
        return;
    }
    let ret = match (iter, op.decl.page, asynchronous) {
        (true, _, true) => format!("AsyncIterator[{model}]"),
        (true, _, false) => format!("Iterator[{model}]"),
        (false, true, _) => format!("Page[{model}]"),
        (false, false, _) => model.clone(),
    };
    let def = if asynchronous && !iter {
        "async def"
    } else {
        "def"
    };
    let one_line_sig = format!("    {def} {name}({}) -> {ret}:", params.join(", "));
    if one_line_sig.len() <= 120 {
        o.line(one_line_sig);
    } else {
        o.line(format!("    {def} {name}("));
        for p in &params {
            o.line(format!("        {p},"));
        }
        o.line(format!("    ) -> {ret}:"));
    }
    let doc = if iter {
        "Every matching item, page after page; each page is fetched when it is reached.".to_string()
    } else {
        one_line(&op.doc)
    };
    o.line(format!("        \"\"\"{}\"\"\"", doc.replace('`', "``")));
    let all: Vec<&Arg> = positional
        .iter()
        .copied()
        .chain(keywords.iter().copied())
        .collect();
    let args = if all.is_empty() {
        "_args()".to_string()
    } else {
        // Durations are seconds here and milliseconds across the boundary.
        let inner: Vec<String> = all
            .iter()
            .map(|a| match a.ty.as_str() {
                "duration" => format!("{0}=_millis(\"{0}\", {0})", a.name),
                _ => format!("{0}={0}", a.name),
            })
            .collect();
        let one = format!("_args({})", inner.join(", "));
        if one.len() <= 90 {
            one
        } else {
            o.line("        args = _args(");
            for i in &inner {
                o.line(format!("            {i},"));
            }
            o.line("        )");
            "args".into()
        }
    };
    let op_name = op.name();
    let line = match (iter, op.decl.page, asynchronous) {
        (true, _, _) => format!("return self._iter(\"{op_name}\", {model}, {args})"),
        (false, true, true) => format!("return await self._page(\"{op_name}\", {model}, {args})"),
        (false, true, false) => format!("return self._page(\"{op_name}\", {model}, {args})"),
        (false, false, true) => {
            format!("return {model}(await self._native.call_async(\"{op_name}\", {args}))")
        }
        (false, false, false) => {
            format!("return {model}(self._native.call(\"{op_name}\", {args}))")
        }
    };
    o.line(format!("        {line}"));
}

fn py_field_type(ty: &FieldType, optional: bool) -> String {
    let base = match ty {
        FieldType::String => "str".to_string(),
        FieldType::Bool => "bool".to_string(),
        FieldType::Int => "int".to_string(),
        FieldType::Float => "float".to_string(),
        FieldType::Count => "int".to_string(),
        FieldType::Strings => "list[str]".to_string(),
        FieldType::Json => return "Any".to_string(),
        FieldType::Jsons => "list[Any]".to_string(),
        FieldType::Model(m) => m.clone(),
        FieldType::Models(m) => format!("list[{m}]"),
    };
    if optional {
        format!("Optional[{base}]")
    } else {
        base
    }
}

fn models(models: &[Model]) -> String {
    let mut o = Out::new(&format!("# {GENERATED_BY}"));
    o.line("\"\"\"Model classes generated from the spec's schemas (see ``_models.Model`` for what a model offers).\"\"\"");
    o.blank();
    o.line("from __future__ import annotations");
    o.blank();
    o.line("from typing import Any, ClassVar, Optional  # noqa: F401");
    o.blank();
    o.line("from ._models import Model  # noqa: F401");
    o.blank();
    let mut names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
    names.sort();
    o.line(format!(
        "__all__: list[str] = [{}]",
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for m in models {
        o.blank();
        o.blank();
        o.line(format!(
            "class {}({}):",
            m.name,
            m.extends.as_deref().unwrap_or("Model")
        ));
        o.line(format!(
            "    \"\"\"{}\"\"\"",
            one_line(&m.doc).replace('"', "'")
        ));
        o.blank();
        o.line("    __slots__ = ()");
        let nested: Vec<String> = m
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::Model(n) => Some(format!("\"{}\": {n}", f.wire)),
                _ => None,
            })
            .collect();
        if !nested.is_empty() {
            o.line(format!(
                "    _nested: ClassVar[dict[str, type[Model]]] = {{{}}}",
                nested.join(", ")
            ));
        }
        let lists: Vec<String> = m
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::Models(n) => Some(format!("\"{}\": {n}", f.wire)),
                _ => None,
            })
            .collect();
        if !lists.is_empty() {
            o.line(format!(
                "    _nested_lists: ClassVar[dict[str, type[Model]]] = {{{}}}",
                lists.join(", ")
            ));
        }
        let secrets: Vec<String> = m
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| format!("\"{}\", ", f.wire))
            .collect();
        if !secrets.is_empty() {
            o.line(format!(
                "    _secrets: ClassVar[tuple[str, ...]] = ({})",
                secrets.concat().trim_end_matches(' ')
            ));
        }
        if !m.repr.is_empty() {
            let fields: Vec<String> = m.repr.iter().map(|f| format!("\"{f}\", ")).collect();
            o.line(format!(
                "    _repr_fields: ClassVar[tuple[str, ...]] = ({})",
                fields.concat().trim_end_matches(' ')
            ));
        }
        for f in &m.fields {
            if f.wire
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                o.line(format!(
                    "    {}: {}",
                    f.wire,
                    py_field_type(&f.ty, f.optional)
                ));
            }
        }
    }
    o.finish()
}
