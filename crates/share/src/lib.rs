//! Share links: the playground state in a URL fragment (work in progress).
