//! `/api/docs`: the API reference as a server-rendered page, made from the
//! generated OpenAPI document itself, so it shows exactly what
//! `/api/openapi.json` says. No script and nothing fetched from elsewhere:
//! the portal's strict CSP holds on this page too.

use askama::Template;
use askama_web::WebTemplate;
use serde_json::Value;

use super::openapi;

#[derive(Template, WebTemplate)]
#[template(path = "api_docs.html")]
pub(crate) struct ApiDocs {
    title: String,
    version: String,
    description: Prose,
    endpoints: Vec<Endpoint>,
    schemas: Vec<SchemaView>,
}

struct Endpoint {
    method: String,
    path: String,
    anchor: String,
    tag: String,
    summary: String,
    description: Prose,
    needs_token: bool,
    params: Vec<Field>,
    request: Option<TypeRef>,
    responses: Vec<ResponseView>,
}

struct ResponseView {
    status: String,
    description: String,
    content_type: String,
    body: Option<TypeRef>,
}

/// A parameter or a schema property.
struct Field {
    name: String,
    location: String,
    ty: TypeRef,
    required: bool,
    description: Prose,
}

struct SchemaView {
    name: String,
    description: Prose,
    ty: TypeRef,
    properties: Vec<Field>,
}

/// Text whose `backticked` parts show as code.
struct Prose(Vec<(bool, String)>);

impl Prose {
    fn new(text: &str) -> Self {
        Self(
            text.split('`')
                .enumerate()
                .filter(|(_, part)| !part.is_empty())
                .map(|(i, part)| (i % 2 == 1, part.to_owned()))
                .collect(),
        )
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A type in words, linking to the schema it names, if any.
struct TypeRef {
    text: String,
    schema: Option<String>,
}

/// The API reference
#[utoipa::path(get, path = "/api/docs", tag = "operations", operation_id = "api_reference", responses(
    (status = 200, description = "This reference as a web page", content_type = "text/html", body = String),
))]
pub(crate) async fn page() -> ApiDocs {
    ApiDocs::from_document(openapi::document_json())
}

impl ApiDocs {
    fn from_document(doc: &Value) -> Self {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let mut endpoints = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let method = method.to_uppercase();
                endpoints.push(Endpoint {
                    anchor: anchor(&format!("{method} {path}")),
                    tag: op["tags"][0].as_str().unwrap_or("other").to_owned(),
                    summary: text(&op["summary"]),
                    description: Prose::new(&text(&op["description"])),
                    needs_token: op["security"].as_array().is_some_and(|s| !s.is_empty()),
                    params: op["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| Field {
                            name: text(&p["name"]),
                            location: text(&p["in"]),
                            ty: describe(&p["schema"]),
                            required: p["required"].as_bool().unwrap_or(false),
                            description: Prose::new(&text(&p["description"])),
                        })
                        .collect(),
                    request: first_content(&op["requestBody"]["content"]).map(|(_, schema)| describe(schema)),
                    responses: op["responses"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(status, response)| {
                            let content = first_content(&response["content"]);
                            ResponseView {
                                status: status.clone(),
                                description: text(&response["description"]),
                                content_type: content.map(|(t, _)| t.to_owned()).unwrap_or_default(),
                                body: content.map(|(_, schema)| describe(schema)),
                            }
                        })
                        .collect(),
                    method,
                    path: path.clone(),
                });
            }
        }
        // Grouped by tag in the document's tag order, then by path.
        let tags: Vec<&str> = doc["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["name"].as_str())
            .collect();
        endpoints.sort_by_key(|e| {
            (
                tags.iter().position(|t| *t == e.tag).unwrap_or(tags.len()),
                e.path.clone(),
            )
        });

        let schemas = doc["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                SchemaView {
                    name: name.clone(),
                    description: Prose::new(&text(&schema["description"])),
                    ty: describe(schema),
                    properties: schema["properties"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(field, property)| Field {
                            required: required.contains(&field.as_str()),
                            name: field.clone(),
                            location: String::new(),
                            ty: describe(property),
                            description: Prose::new(&text(&property["description"])),
                        })
                        .collect(),
                }
            })
            .collect();

        Self {
            title: text(&doc["info"]["title"]),
            version: text(&doc["info"]["version"]),
            description: Prose::new(&text(&doc["info"]["description"])),
            endpoints,
            schemas,
        }
    }
}

/// `GET /api/tasks/{number}` → `get-api-tasks-number`.
fn anchor(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn first_content(content: &Value) -> Option<(&str, &Value)> {
    let (content_type, media) = content.as_object()?.iter().next()?;
    Some((content_type.as_str(), &media["schema"]))
}

/// A schema in a few words: `string (date-time)`, `array of Task`, `integer or null`.
fn describe(schema: &Value) -> TypeRef {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or(target).to_owned();
        return TypeRef {
            text: name.clone(),
            schema: Some(name),
        };
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(choices) = schema[key].as_array() {
            let parts: Vec<TypeRef> = choices.iter().map(describe).collect();
            return TypeRef {
                text: parts
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
                schema: parts.into_iter().find_map(|p| p.schema),
            };
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let mut schema_name = None;
    let words: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => {
                let items = describe(&schema["items"]);
                schema_name = items.schema;
                format!("array of {}", items.text)
            }
            other => match schema["format"].as_str() {
                Some(format) if other != "null" => format!("{other} ({format})"),
                _ => other.to_owned(),
            },
        })
        .collect();
    let mut text = if words.is_empty() {
        "any JSON".to_owned()
    } else {
        words.join(" or ")
    };
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        text = format!("{text}, one of {}", values.join(", "));
    }
    let limits: Vec<String> = [
        ("minLength", "at least", "characters"),
        ("maxLength", "at most", "characters"),
        ("minimum", "at least", ""),
        ("maximum", "at most", ""),
    ]
    .iter()
    .filter_map(|(key, word, unit)| {
        schema[*key]
            .as_u64()
            .map(|n| format!("{word} {n} {unit}").trim_end().to_owned())
    })
    .collect();
    if !limits.is_empty() {
        text = format!("{text}; {}", limits.join(", "));
    }
    TypeRef {
        text,
        schema: schema_name,
    }
}
