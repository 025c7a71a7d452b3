// Types of what Vite handles for the renderer (CSS imports, import.meta.env).
/// <reference types="vite/client" />
