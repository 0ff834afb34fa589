# cmake --install build [--prefix DIR] (README "Install"): GNUInstallDirs
# paths under the prefix. motcuad finds the data next to itself
# (<prefix>/share/motcua/..., server/install_paths.h), so any prefix works.
#   bin/motcuad, bin/motcuactl
#   share/motcua/calendars, share/motcua/catalogue, share/motcua/postal
#   etc/motcua/motcuad.toml                  the example configuration
#   lib/systemd/system/motcuad.service       Type=notify, hardened
#   lib/sysusers.d/motcua.conf               the `motcua` system user
install(TARGETS motcuad motcuactl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY deploy/calendars deploy/catalogue
        DESTINATION ${CMAKE_INSTALL_DATADIR}/motcua)
install(FILES deploy/postal/carrier_statuses.json deploy/postal/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/motcua/postal)
install(FILES deploy/motcuad.toml
        DESTINATION ${CMAKE_INSTALL_SYSCONFDIR}/motcua)
# The unit names the binary and the configuration by their full paths.
set(MOTCUA_UNIT_BINDIR ${CMAKE_INSTALL_FULL_BINDIR})
set(MOTCUA_UNIT_SYSCONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR})
configure_file(deploy/systemd/motcuad.service.in
               ${CMAKE_BINARY_DIR}/deploy/motcuad.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/deploy/motcuad.service
        DESTINATION lib/systemd/system)
install(FILES deploy/systemd/motcua.sysusers.conf
        DESTINATION lib/sysusers.d RENAME motcua.conf)

# The installed tree starts with no path flags.
add_test(NAME install_layout
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR})
