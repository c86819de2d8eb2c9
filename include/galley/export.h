/* galley: symbol visibility. The library is built with -fvisibility=hidden. */
#ifndef GALLEY_EXPORT_H
#define GALLEY_EXPORT_H

#if defined(GL_BUILDING_LIBRARY) && defined(__GNUC__)
#define GL_EXPORT __attribute__((visibility("default")))
#else
#define GL_EXPORT
#endif

#endif
