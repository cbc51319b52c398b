/* Deliberately broken: clangBuild must report clang's diagnostic. */
int f(void) { return undeclared; }
