((x: { a = x; }) 1).b or "default"
