//! Share links: `#s=` + version tag + base64url(deflate(canonical text)), and the link's other parameters.
