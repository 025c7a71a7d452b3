// Types of what Vite handles for the console (CSS imports).
/// <reference types="vite/client" />
