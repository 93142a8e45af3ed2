# What `cmake --install` puts beside the binary, and the Debian package CPack makes of it
# (`cpack -G DEB` in the build directory; packaging/build-deb.sh does the whole build).

# The man page, gzipped as Debian's policy wants (-n: no name or time inside, reproducible).
set(AL_MAN_GZ ${CMAKE_CURRENT_BINARY_DIR}/allure-lua.1.gz)
add_custom_command(OUTPUT ${AL_MAN_GZ}
  COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/docs/allure-lua.1 > ${AL_MAN_GZ}
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/allure-lua.1
  COMMENT "Compressing the man page")
add_custom_target(man-page ALL DEPENDS ${AL_MAN_GZ})
install(FILES ${AL_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES packaging/completion/allure-lua.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME allure-lua)
install(FILES packaging/completion/_allure-lua DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
file(GLOB AL_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES README.md ${AL_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/formats docs/examples DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME allure-lua)
set(CPACK_PACKAGE_VENDOR "allure-lua")
set(CPACK_PACKAGE_CONTACT "allure-lua maintainers <allure-lua@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "test reports of any runner to Allure results")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)              # allure-lua_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries the binary links (dpkg-shlibdeps): Lua 5.4, libxml2, libyaml, libmd
# and libc, at the versions of the build machine's packages or later.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"Turns the report of any test runner (JUnit XML, TRX, NUnit, TestNG, go test -json,
TAP, jest, Playwright, Cucumber, ...) into the allure-results directory that
Allure Report reads and allurectl uploads to Allure TestOps. The conversion is a
small Lua script per format, installed in /usr/share/allure-lua/scripts for
copying and editing.")
include(CPack)
