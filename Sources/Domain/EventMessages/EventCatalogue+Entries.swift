/// The event types of the manual's Tab. 24 ("Event types, in alphabetical order"), in the
/// table's order. Where the manual prints two hardware variants of one message (fan failure, fan
/// in operation, overheat, restricted operating mode enabled) there is one entry with the union
/// of the parameters. Date, time and node are in every occurrence's envelope, never parameters.
///
/// Codes are stable forever: never renumber, never reuse; a new type takes the next free code.
extension EventCatalogue {
    static let entries: [EventType] = [
        EventType(
            code: 1, key: "atas_connection_established", name: "ATAS: Connection established",
            description: "The link to the ATAS alarm server is up again.",
            severity: .fixed(.critical), polarity: .positive, partner: "atas_connection_lost",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 2, key: "atas_connection_lost", name: "ATAS: Connection lost",
            description: "The link to the ATAS alarm server went down, so alarms may not reach their recipients.",
            severity: .fixed(.critical), polarity: .negative, partner: "atas_connection_established",
            identifyingParameters: [],
            parameters: [
                EventParameter("cause", "Cause", .number, codes: [0: "Logoff", 1: "Missing cycle signal"])
            ]
        ),
        EventType(
            code: 3, key: "blustar_within_licence_limit", name: "BluStar Client back within the licence limit",
            description: "Enough licences are available again for the BluStar client type concerned.",
            severity: .fixed(.serious), polarity: .positive, partner: "blustar_licence_limit_reached",
            identifyingParameters: ["licenceType"],
            parameters: [
                EventParameter("parameter1", "Parameter 1", .number, codes: [0: "Not used"]),
                EventParameter(
                    "licenceType", "Licence type", .number,
                    codes: [
                        2: "BluStar CTI", 3: "BluStar Softphone", 4: "BluStar Video option", 5: "BluStar Presence option",
                    ]),
                EventParameter("totalPurchasedLicences", "Total purchased licences", .number),
            ]
        ),
        EventType(
            code: 4, key: "card_in_service", name: "Card in service",
            description: "A card that had dropped out of service is working again.",
            severity: .fixed(.critical), polarity: .positive, partner: "card_out_of_service",
            identifyingParameters: ["slot"],
            parameters: [EventParameter("slot", "Number of the expansion slot", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 5, key: "card_out_of_service", name: "Card out of service",
            description: "A card that was working has stopped, so its ports are unavailable.",
            severity: .fixed(.critical), polarity: .negative, partner: "card_in_service",
            identifyingParameters: ["slot"],
            parameters: [EventParameter("slot", "Number of the expansion slot", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 6, key: "card_reset", name: "Card reset",
            description: "One card has been reset.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("slot", "Number of the expansion slot", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 7, key: "charge_counter_overflow", name: "Charge counter overflow",
            description: "A cumulative charge counter (user, cost centre, exchange line or room) wrapped around.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter(
                    "cause", "Cause", .number,
                    codes: [
                        0: "User", 1: "Cost centre", 2: "Exchange line", 3: "Room",
                    ]),
                EventParameter("number", "Number", .number),
            ]
        ),
        EventType(
            code: 8, key: "cl_printer_available_again", name: "CL printer available again",
            description: "The call logging printer accepts printouts again.",
            severity: .fixed(.serious), polarity: .positive, partner: "cl_printer_blocked",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 9, key: "cl_printer_blocked", name: "CL printer blocked",
            description: "The call logging printer has not answered for several minutes, e.g. it is out of paper or switched off.",
            severity: .fixed(.serious), polarity: .negative, partner: "cl_printer_available_again",
            identifyingParameters: [],
            parameters: [
                EventParameter("interface", "Interface", .number),
                EventParameter("cardNumber", "Interfaces/card number", .number),
                EventParameter("port", "Port number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 10, key: "compatible_pms_application", name: "Compatible PMS application",
            description: "The hotel management (PMS) application is one the server can work with.",
            severity: .fixed(.critical), polarity: .positive, partner: "incompatible_pms_application",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 11, key: "configuration_template_available", name: "Configuration template available",
            description: "The configuration template that a SIP terminal type was lacking can now be found in the file system.",
            severity: .fixed(.serious), polarity: .positive, partner: "no_configuration_template",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 12, key: "srm_connection_failed", name: "Connection to IP remote management (SRM) failed",
            description: "The server could not set up its Secure IP Remote Management (SRM) connection.",
            severity: .fixed(.normal), polarity: .negative, partner: "srm_connection_restored",
            identifyingParameters: [],
            parameters: [
                EventParameter(
                    "cause", "Cause", .number,
                    codes: [
                        1: "Connection attempt failed", 2: "Authentication failed", 3: "File upload rejected",
                    ])
            ]
        ),
        EventType(
            code: 13, key: "srm_connection_restored", name: "Connection to IP remote management (SRM) restored",
            description: "The Secure IP Remote Management (SRM) connection works again.",
            severity: .fixed(.normal), polarity: .positive, partner: "srm_connection_failed",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 14, key: "pms_connection_established", name: "Connection to PMS system established",
            description: "The server is now connected to the hotel management (PMS) system.",
            severity: .fixed(.critical), polarity: .positive, partner: "pms_connection_failed",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 15, key: "pms_connection_failed", name: "Connection to PMS system failed",
            description: "An attempt to connect to the hotel management (PMS) system did not succeed.",
            severity: .fixed(.critical), polarity: .negative, partner: "pms_connection_established",
            identifyingParameters: [],
            parameters: [
                EventParameter(
                    "reason", "Error", .number,
                    codes: [
                        1: "Call rejected", 2: "Destination unobtainable", 3: "Destination busy",
                        4: "Connection timeout", 5: "Wrong address", 6: "Unknown error",
                    ])
            ]
        ),
        EventType(
            code: 16, key: "cpu2_data_communication_out_of_service",
            name: "CPU2 applications card Data communication out of service",
            description: "Data exchange with the CPU2 applications card has been broken for more than an hour.",
            severity: .fixed(.critical), polarity: .negative, partner: "cpu2_data_communication_back_in_service",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 17, key: "cpu2_data_communication_back_in_service",
            name: "CPU2 applications card Data communications back in service",
            description: "Data exchange with the CPU2 applications card works again.",
            severity: .fixed(.critical), polarity: .positive, partner: "cpu2_data_communication_out_of_service",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 18, key: "backup_instance_creation_failed",
            name: "Creation instance on backup communication server failed",
            description: "The backup server could not create or update a user or terminal from the configuration it received.",
            severity: .fixed(.critical), polarity: .negative, partner: "backup_instance_creation_successful",
            identifyingParameters: ["instanceType", "userNumberOrTerminalId"],
            parameters: [
                EventParameter("instanceType", "Instance type", .number, codes: [0: "User", 1: "Terminal"]),
                EventParameter("userNumberOrTerminalId", "User number or terminal ID", .number),
            ]
        ),
        EventType(
            code: 19, key: "backup_instance_creation_successful",
            name: "Creation instance on backup communication server successful",
            description: "After earlier failures, the backup server has now created or updated the user or terminal.",
            severity: .fixed(.critical), polarity: .positive, partner: "backup_instance_creation_failed",
            identifyingParameters: ["instanceType", "userNumberOrTerminalId"],
            parameters: [
                EventParameter("instanceType", "Instance type", .number, codes: [0: "User", 1: "Terminal"]),
                EventParameter("userNumberOrTerminalId", "User number or terminal ID", .number),
            ]
        ),
        EventType(
            code: 20, key: "csta_sessions_within_licence_limit", name: "CSTA sessions within the licence limit again",
            description: "Free CSTA session licences are available again.",
            severity: .fixed(.serious), polarity: .positive, partner: "csta_sessions_licence_limit_reached",
            identifyingParameters: [],
            parameters: [EventParameter("licenceCount", "Number of licences", .number)]
        ),
        EventType(
            code: 21, key: "cti_first_party_connection_established", name: "CTI first party Connection established",
            description: "A first-party CTI link to a terminal is up (again).",
            severity: .fixed(.critical), polarity: .positive, partner: "cti_first_party_connection_lost",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
                EventParameter("protocolType", "Protocol type", .number, codes: [0: "ATPC3", 1: "CSTA"]),
            ]
        ),
        EventType(
            code: 22, key: "cti_first_party_connection_lost", name: "CTI first party Connection lost",
            description: "A first-party CTI link to a terminal dropped because its cycle signal stopped arriving.",
            severity: .fixed(.critical), polarity: .negative, partner: "cti_first_party_connection_established",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
                EventParameter("protocolType", "Protocol type", .number, codes: [0: "ATPC3", 1: "CSTA"]),
            ]
        ),
        EventType(
            code: 23, key: "cti_third_party_connection_established", name: "CTI third party: Connection established",
            description: "A third-party CTI application is connected (again).",
            severity: .fixed(.critical), polarity: .positive, partner: "cti_third_party_connection_lost",
            identifyingParameters: ["ipAddress"],
            parameters: [
                EventParameter("ipAddress", "IP address", .text),
                EventParameter("protocolType", "Protocol type", .number, codes: [0: "ATPC3", 1: "CSTA"]),
            ]
        ),
        EventType(
            code: 24, key: "cti_third_party_connection_lost", name: "CTI third party: Connection lost",
            description: "The link to a third-party CTI application has broken off.",
            severity: .fixed(.critical), polarity: .negative, partner: "cti_third_party_connection_established",
            identifyingParameters: ["ipAddress"],
            parameters: [
                EventParameter("cause", "Cause", .number, codes: [0: "Logoff", 1: "Missing cycle signal"]),
                EventParameter("ipAddress", "IP address", .text),
                EventParameter("protocolType", "Protocol type", .number, codes: [0: "ATPC3", 1: "CSTA"]),
            ]
        ),
        EventType(
            code: 25, key: "definitive_activation_licence_missing", name: "Definitive activation licence missing",
            description: "The server runs on a time-limited temporary activation and will enter restricted operating mode when it ends.",
            severity: .fixed(.critical), polarity: .negative, partner: "definitive_activation_licence_present",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 26, key: "definitive_activation_licence_present", name: "Definitive activation licence now present",
            description: "A licence file containing the definitive activation has been loaded.",
            severity: .fixed(.critical), polarity: .positive, partner: "definitive_activation_licence_missing",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 27, key: "dual_homing_within_licence_limit", name: "Dual Homing back within the licence limit",
            description: "The backup server again has enough licences to accept SIP phones registering for dual homing.",
            severity: .fixed(.serious), polarity: .positive, partner: "dual_homing_licence_limit_reached",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 28, key: "email_successfully_sent", name: "E-mail successfully sent",
            description: "An e-mail client of the server has managed to deliver an e-mail again.",
            severity: .fixed(.critical), polarity: .positive, partner: "send_email_failed",
            identifyingParameters: ["emailClient"],
            parameters: EventCatalogue.mailParameters
        ),
        EventType(
            code: 29, key: "emergency_call_ended", name: "Emergency call ended",
            description: "Someone responsible has acknowledged the emergency call.",
            severity: .fixed(.critical), polarity: .positive, partner: "emergency_call_started",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 30, key: "emergency_call_started", name: "Emergency call started",
            description: "A number from the public emergency number list has been dialled (internal emergency numbers do not raise it).",
            severity: .fixed(.critical), polarity: .negative, partner: "emergency_call_ended",
            identifyingParameters: [],
            parameters: [
                EventParameter("dialledNumber", "Dialled number (the first 4 digits)", .text),
                EventParameter("userNumber", "User number", .number),
                EventParameter(
                    "terminalIdOrTrunkGroupId",
                    "Terminal ID (if user number ≠ 0) or trunk group ID (if user number = 0)", .number
                ),
            ]
        ),
        EventType(
            code: 31, key: "esme_reachable", name: "ESME reachable",
            description: "The network link between the SMSC and an ESME works again.",
            severity: .fixed(.critical), polarity: .positive, partner: "esme_unreachable",
            identifyingParameters: ["ipAddress"],
            parameters: [EventParameter("ipAddress", "IP address", .text)]
        ),
        EventType(
            code: 32, key: "esme_unreachable", name: "ESME unreachable",
            description: "The network link between the SMSC and an ESME is broken.",
            severity: .fixed(.critical), polarity: .negative, partner: "esme_reachable",
            identifyingParameters: ["ipAddress"],
            parameters: [EventParameter("ipAddress", "IP address", .text)]
        ),
        EventType(
            code: 33, key: "ethernet_activated_again", name: "Ethernet activated again",
            description: "The Ethernet interface is no longer overloaded and has been switched back on.",
            severity: .fixed(.normal), polarity: .positive, partner: "ethernet_deactivated_high_load",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 34, key: "ethernet_deactivated_high_load", name: "Ethernet deactivated due to high load",
            description: "The Ethernet interface was overloaded and has been switched off for a while.",
            severity: .fixed(.normal), polarity: .negative, partner: "ethernet_activated_again",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 35, key: "external_aux_power_supply_failed", name: "External auxiliary power supply failed",
            description: "The external auxiliary power supply unit has stopped supplying power; check whether the internal unit can carry the load alone.",
            severity: .fixed(.serious), polarity: .negative, partner: "external_aux_power_supply_in_service",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 36, key: "external_aux_power_supply_in_service", name: "External auxiliary power supply in service",
            description: "The external auxiliary power supply unit is delivering power.",
            severity: .fixed(.serious), polarity: .positive, partner: "external_aux_power_supply_failed",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 37, key: "external_destination_not_reachable",
            name: "External event message destination not reachable",
            description: "An external signal destination cannot take event messages at the moment.",
            severity: .fixed(.serious), polarity: .negative, partner: "external_destination_reachable",
            identifyingParameters: ["destination"],
            parameters: [
                EventParameter("destination", "Signal destination", .text),
                EventParameter("cause", "Cause", .number, codes: EventCatalogue.destinationCauses),
            ]
        ),
        EventType(
            code: 38, key: "external_destination_reachable", name: "External event message destination reachable",
            description: "An external signal destination takes event messages again.",
            severity: .fixed(.serious), polarity: .positive, partner: "external_destination_not_reachable",
            identifyingParameters: ["destination"],
            parameters: [EventParameter("destination", "Signal destination", .text)]
        ),
        EventType(
            code: 39, key: "fan_failure", name: "Fan failure",
            description: "A fan has stopped (jammed, defective or disconnected), so the system risks overheating.",
            severity: .fixed(.critical), polarity: .negative, partner: "fan_in_operation",
            identifyingParameters: [],
            parameters: [
                EventParameter(
                    "fanStatus", "Parameter 1", .number,
                    codes: [
                        0: "No more fans in operation", 1: "Only one fan left in operation",
                    ]),
                EventParameter("defectiveFan", "Parameter 2 (defective fan number)", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 40, key: "fan_in_operation", name: "Fan in operation",
            description: "A fan that had failed is running again.",
            severity: .fixed(.critical), polarity: .positive, partner: "fan_failure",
            identifyingParameters: [],
            parameters: [
                EventParameter(
                    "fanStatus", "Parameter", .number,
                    codes: [
                        0: "A fan is back in service again", 1: "Second fan back in service again",
                    ])
            ],
            raisedByServer: false
        ),
        EventType(
            code: 41, key: "fias_command_buffer_full", name: "FIAS command buffer full",
            description: "The queue of commands towards the PMS interface has filled up.",
            severity: .fixed(.critical), polarity: .negative, partner: "fias_interface_usable_again",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 42, key: "fias_interface_usable_again", name: "FIAS interface usable again",
            description: "The queue of commands towards the PMS interface has drained below its critical level.",
            severity: .fixed(.critical), polarity: .positive, partner: "fias_command_buffer_full",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 43, key: "inactive_radio_unit_port", name: "Inactive radio unit port",
            description: "A DECT radio unit on a port does not respond.",
            severity: .fixed(.serious), polarity: .negative, partner: "radio_unit_port_active",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
                EventParameter("radioUnitId", "Radio unit ID", .number),
                EventParameter(
                    "reason", "Reason", .number,
                    codes: [
                        0: "Startup running", 1: "Not registered", 2: "Various nodes", 3: "Port not permitted",
                        4: "Local power supply", 5: "Not connected", 6: "Port reset", 7: "Startup error",
                        8: "Unknown error",
                    ]),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 44, key: "incompatible_pms_application", name: "Incompatible PMS application",
            description: "The hotel management (PMS) application is not one the server can work with.",
            severity: .fixed(.critical), polarity: .negative, partner: "compatible_pms_application",
            identifyingParameters: [],
            parameters: [
                EventParameter("pmsSoftwareVersion", "PMS SW version", .text),
                EventParameter("pmsInterfaceVersion", "PMS interface version", .text),
                EventParameter("pmsInterfaceDriverVersion", "PMS interface driver version", .text),
            ]
        ),
        EventType(
            code: 45, key: "incorrect_or_no_wiring_adapter", name: "Incorrect or no wiring adapter",
            description: "A wiring adapter slot is empty or holds an adapter of the wrong kind.",
            severity: .fixed(.critical), polarity: .none,
            parameters: [EventParameter("slot", "Slot number", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 46, key: "insufficient_bandwidth", name: "Insufficient bandwidth",
            description: "A call in the AIN could not be set up because the WAN link has too little bandwidth left.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter("linkId", "Link ID", .number),
                EventParameter("wanLinkName", "WAN link name", .text),
                EventParameter("availableBandwidth", "Available bandwidth in Kbit/s", .number),
            ]
        ),
        EventType(
            code: 47, key: "internal_destination_not_reachable",
            name: "Internal event message destination not reachable",
            description: "A local signal destination is blocked or unavailable.",
            severity: .fixed(.serious), polarity: .negative, partner: "internal_destination_reachable",
            identifyingParameters: ["destination"],
            parameters: [
                EventParameter("destination", "Signal destination", .text),
                EventParameter("cause", "Cause", .number, codes: EventCatalogue.destinationCauses),
            ]
        ),
        EventType(
            code: 48, key: "internal_destination_reachable", name: "Internal event message destination reachable",
            description: "A local signal destination takes event messages again.",
            severity: .fixed(.serious), polarity: .positive, partner: "internal_destination_not_reachable",
            identifyingParameters: ["destination"],
            parameters: [EventParameter("destination", "Signal destination", .text)]
        ),
        EventType(
            code: 49, key: "internal_power_supply_failed", name: "Internal power supply unit failed",
            description: "The internal power supply unit has stopped; check whether the auxiliary unit can carry the load alone.",
            severity: .fixed(.serious), polarity: .negative, partner: "internal_power_supply_in_service",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 50, key: "internal_power_supply_in_service", name: "Internal power supply unit in service",
            description: "The internal power supply unit is delivering power.",
            severity: .fixed(.serious), polarity: .positive, partner: "internal_power_supply_failed",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 51, key: "dos_black_list_ip_added", name: "IP address added to the DoS black list",
            description: "An address exceeded the permitted registration attempts or transactions and is blocked for a while.",
            severity: .fixed(.serious), polarity: .negative, partner: "dos_black_list_ip_removed",
            identifyingParameters: ["ipAddress"],
            parameters: [
                EventParameter("ipAddress", "IP address", .text),
                EventParameter(
                    "cause", "Cause", .number,
                    codes: [
                        0: "Registration", 1: "Too many transactions", 2: "No session", 3: "Modified message",
                    ]),
            ]
        ),
        EventType(
            code: 52, key: "ip_address_changed_regenerate_tls",
            name: "IP address changed: Regenerate TLS certificates",
            description: "The server's IP address changed, so its TLS certificates must be generated anew.",
            severity: .fixed(.serious), polarity: .none
        ),
        EventType(
            code: 53, key: "dos_black_list_ip_removed", name: "IP address removed from the DoS black list",
            description: "An address that was blocked after a suspected DoS attack is allowed again.",
            severity: .fixed(.serious), polarity: .positive, partner: "dos_black_list_ip_added",
            identifyingParameters: ["ipAddress"],
            parameters: [EventParameter("ipAddress", "IP address", .text)]
        ),
        EventType(
            code: 54, key: "ip_phone_connection_lost", name: "IP phone: Connection lost",
            description: "An IP system phone has lost its connection to the server.",
            severity: .fixed(.serious), polarity: .negative, partner: "ip_phone_connection_reestablished",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
            ]
        ),
        EventType(
            code: 55, key: "ip_phone_connection_reestablished", name: "IP phone: Connection re-established",
            description: "An IP system phone is connected to the server again.",
            severity: .fixed(.serious), polarity: .positive, partner: "ip_phone_connection_lost",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
            ]
        ),
        EventType(
            code: 56, key: "ip_system_phone_licence_available", name: "IP system phone licence is now available",
            description: "There are enough IP system phone licences again.",
            severity: .fixed(.serious), polarity: .positive, partner: "too_few_ip_system_phone_licences",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 57, key: "language_file_download_failed", name: "Language file download failed",
            description: "A SIP terminal's language file could not be fetched from the FTP server.",
            severity: .fixed(.serious), polarity: .negative, partner: "language_file_download_successful",
            identifyingParameters: ["languageFile"],
            parameters: [
                EventParameter("ftpServerAddress", "FTP server address", .text),
                EventParameter("languageFile", "Language file type and name", .text),
            ]
        ),
        EventType(
            code: 58, key: "language_file_download_successful", name: "Language file download successful",
            description: "A SIP terminal's language file has been fetched from the FTP server.",
            severity: .fixed(.serious), polarity: .positive, partner: "language_file_download_failed",
            identifyingParameters: ["languageFile"],
            parameters: [
                EventParameter("ftpServerAddress", "FTP server address", .text),
                EventParameter("languageFile", "Language file type and name", .text),
            ]
        ),
        EventType(
            code: 59, key: "lcr_on_alternative_provider", name: "LCR on alternative network provider",
            description: "Least cost routing has moved from the primary to the secondary network provider.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("providerId", "Provider ID", .number)]
        ),
        EventType(
            code: 60, key: "licence_available_for_configured_user", name: "Licence available for configured user",
            description: "Every configured user now holds a user licence.",
            severity: .fixed(.serious), polarity: .positive, partner: "licence_missing_for_configured_user",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 61, key: "mobile_external_phone_licence_available",
            name: "Licence for integrated mobile/external phone available",
            description: "There are enough licences for integrated mobile/external phones again.",
            severity: .fixed(.serious), polarity: .positive, partner: "not_enough_mobile_external_phone_licences",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 62, key: "pms_interface_licence_available", name: "Licence for PMS interface available",
            description: "The PMS interface licence, and enough room licences, are now present.",
            severity: .fixed(.serious), polarity: .positive, partner: "too_few_pms_interface_licences",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 63, key: "licence_invalid_restricted_mode_after_restart",
            name: "Licence invalid, restricted operating mode 4 hours after restart",
            description: "The loaded software lacks its software release licence, so functions will be restricted 4 hours after the restart.",
            severity: .fixed(.serious), polarity: .none
        ),
        EventType(
            code: 64, key: "licence_missing_for_configured_user", name: "Licence missing for configured user",
            description: "At least one configured user has no user licence (reported once, not per user).",
            severity: .fixed(.serious), polarity: .negative, partner: "licence_available_for_configured_user",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 65, key: "offline_licences_expired", name: "Licences for offline operations expired",
            description: "The temporary offline licence activation has run out after its maximum of 36 hours.",
            severity: .fixed(.critical), polarity: .none
        ),
        EventType(
            code: 66, key: "gateway_satellite_link_lost", name: "Link to gateway satellite lost",
            description: "The server cannot reach its gateway satellite and will enter restricted operating mode if the link stays down.",
            severity: .fixed(.critical), polarity: .negative, partner: "gateway_satellite_link_restored",
            identifyingParameters: [],
            parameters: [
                EventParameter("hoursUntilRestrictedMode", "Number of hours until restricted operating mode", .number)
            ]
        ),
        EventType(
            code: 67, key: "gateway_satellite_link_restored", name: "Link to gateway satellite restored",
            description: "The server reaches its gateway satellite again.",
            severity: .fixed(.critical), polarity: .positive, partner: "gateway_satellite_link_lost",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 68, key: "licence_server_link_failed", name: "Link to the licence server (SLS) has failed",
            description: "The licence server (SLS) has been unreachable for a long time; restricted operating mode follows after a timeout.",
            severity: .fixed(.critical), polarity: .negative, partner: "licence_server_link_restored",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 69, key: "licence_server_link_restored", name: "Link to the licence server (SLS) has restored",
            description: "The licence server (SLS) is reachable again.",
            severity: .fixed(.critical), polarity: .positive, partner: "licence_server_link_failed",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 70, key: "radio_unit_local_supply_error", name: "Local supply error on radio unit",
            description: "The local power supply of a DECT radio unit has failed or is missing.",
            severity: .fixed(.critical), polarity: .negative, partner: "radio_unit_local_supply_available",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 71, key: "radio_unit_local_supply_available", name: "Local supply on radio unit available",
            description: "The local power supply of a DECT radio unit works again.",
            severity: .fixed(.critical), polarity: .positive, partner: "radio_unit_local_supply_error",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 72, key: "mains_voltage_failure", name: "Mains voltage failure",
            description: "Mains power has failed more often than the trigger table allows; reported once power is back.",
            severity: .fixed(.serious), polarity: .none
        ),
        EventType(
            code: 73, key: "malfunction", name: "Malfunction",
            description: "A hardware or software fault occurred; its error ID helps support find the cause.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("errorId", "Error ID", .number)]
        ),
        EventType(
            code: 74, key: "micollab_terminal_limit_reached", name: "MiCollab: Terminal limit has been reached",
            description: "A MiCollab terminal could not be assigned to a user because a terminal limit was hit.",
            severity: .fixed(.serious), polarity: .negative, partner: "micollab_within_terminal_limits",
            identifyingParameters: ["userNumber", "reason"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter(
                    "reason", "Reason", .number,
                    codes: [
                        0: "Too many terminals per system", 1: "Too many terminals per user",
                        2: "Too many MiCollab clients per user",
                    ]),
            ]
        ),
        EventType(
            code: 75, key: "micollab_within_terminal_limits", name: "MiCollab: Within the terminal limits again",
            description: "A MiCollab terminal can be assigned to the user again because the limit is no longer exceeded.",
            severity: .fixed(.serious), polarity: .positive, partner: "micollab_terminal_limit_reached",
            identifyingParameters: ["userNumber", "reason"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter(
                    "reason", "Reason", .number,
                    codes: [
                        0: "Terminals per system OK again", 1: "Terminals per user OK again",
                        2: "MiCollab clients per user OK again",
                    ]),
            ]
        ),
        EventType(
            code: 76, key: "mitel_dialer_within_licence_limit", name: "Mitel Dialer within the licence limit again",
            description: "Mitel Dialer user licences are free again.",
            severity: .fixed(.serious), polarity: .positive, partner: "mitel_dialer_licence_limit_reached",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 77, key: "mitel_sip_terminals_within_licence_limit",
            name: "Mitel SIP terminals within the licence limit again",
            description: "Mitel SIP terminal and video option licences are available again.",
            severity: .fixed(.serious), polarity: .positive, partner: "mitel_sip_terminals_licence_limit_reached",
            identifyingParameters: ["sipTerminalsLicence", "videoOptionsLicence"],
            parameters: [
                EventParameter(
                    "sipTerminalsLicence", "Parameter 1 (Mitel SIP Terminals licence)", .number,
                    codes: [
                        1: "Mitel SIP Terminals licence available"
                    ]),
                EventParameter(
                    "videoOptionsLicence", "Parameter 2 (Mitel 8000i Video Options licence)", .number,
                    codes: [
                        1: "Mitel 8000i Video Options licence available"
                    ]),
            ]
        ),
        EventType(
            code: 78, key: "monitor_event", name: "Monitor event",
            description: "A monitoring event of the given type was recorded.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("monitorType", "Monitor type", .number)]
        ),
        EventType(
            code: 79, key: "no_configuration_template", name: "No configuration template",
            description: "A SIP terminal type has no configuration template in the file system, so no configuration file can be built for it.",
            severity: .fixed(.serious), polarity: .negative, partner: "configuration_template_available",
            identifyingParameters: [],
            parameters: [EventParameter("template", "No configuration template", .text)]
        ),
        EventType(
            code: 80, key: "no_dect_dsp_channels", name: "No DECT DSP channels available",
            description: "All DECT channels on the DSP are in use.",
            severity: .fixed(.normal), polarity: .none,
            raisedByServer: false
        ),
        EventType(
            code: 81, key: "no_dtmf_receiver_for_mobile_phones",
            name: "No DTMF receiver available for integrated mobile/external phones",
            description: "No permanent DTMF receiver could be given to an integrated mobile/external phone, so its suffix dialling codes are not detected.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("bcsReference", "BCS Ref.", .number)]
        ),
        EventType(
            code: 82, key: "no_other_system_clone_detected", name: "No other system clone detected",
            description: "The licence server's clone check has found no other system with this EID for 24 hours.",
            severity: .fixed(.critical), polarity: .positive, partner: "possible_clone_detected",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 83, key: "no_response_from_network", name: "No response from network",
            description: "The network did not answer a call setup on an ISDN trunk interface.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("port", "Port number of the exchange line circuit", .number)]
        ),
        EventType(
            code: 84, key: "no_response_from_user", name: "No response from user",
            description: "An incoming direct-dial call got no answer from the called user's terminal.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("ddiNumber", "DDI No.", .text)]
        ),
        EventType(
            code: 85, key: "node_connection_lost", name: "Node: Connection lost",
            description: "An AIN node has been cut off from the Master for longer than the configured time.",
            severity: .fixed(.critical), polarity: .negative, partner: "node_connection_reestablished",
            identifyingParameters: ["nodeNumber"],
            parameters: [EventParameter("nodeNumber", "Node number", .number)]
        ),
        EventType(
            code: 86, key: "node_connection_reestablished", name: "Node: Connection re-established",
            description: "An AIN node has stayed connected to the Master again for the configured time.",
            severity: .fixed(.critical), polarity: .positive, partner: "node_connection_lost",
            identifyingParameters: ["nodeNumber"],
            parameters: [EventParameter("nodeNumber", "Node number", .number)]
        ),
        EventType(
            code: 87, key: "not_enough_mobile_external_phone_licences",
            name: "Not enough licences for integrated mobile/external phones",
            description: "More mobile/external phones are configured than licensed, so all of them are blocked.",
            severity: .fixed(.serious), polarity: .negative, partner: "mobile_external_phone_licence_available",
            identifyingParameters: [],
            parameters: [
                EventParameter("licenceCount", "Number of licences", .number),
                EventParameter("configuredPhones", "Number of configured mobile/external phones", .number),
            ]
        ),
        EventType(
            code: 88, key: "ntp_time_sync_failed", name: "NTP: Time synchronisation failed",
            description: "The clock could not be synchronised with the NTP server.",
            severity: .fixed(.serious), polarity: .negative, partner: "ntp_time_sync_reestablished",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 89, key: "ntp_time_sync_reestablished", name: "NTP: Time synchronisation re-established",
            description: "The clock is synchronised with the NTP server again.",
            severity: .fixed(.serious), polarity: .positive, partner: "ntp_time_sync_failed",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 90, key: "outgoing_call_rejected", name: "Outgoing call rejected",
            description: "The public network refused an outgoing call.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [
                EventParameter("port", "Port number of the exchange line circuit", .number),
                EventParameter(
                    "cause", "Cause", .number,
                    codes: [
                        34: "Rejected on any line", 44: "Rejected on the required line group",
                    ]),
            ]
        ),
        EventType(
            code: 91, key: "overheat", name: "Overheat",
            description: "It is too hot inside the server; improve cooling at once, as parts may be switched off.",
            severity: .fixed(.critical), polarity: .negative, partner: "temperature_normal_again",
            identifyingParameters: ["cardNumber"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("temperature", "Temperature", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 92, key: "usb_port_overload_cpu2", name: "Overload detected on USB port (CPU2)",
            description: "A USB port of the CPU2 applications card drew too much current.",
            severity: .fixed(.normal), polarity: .none,
            raisedByServer: false
        ),
        EventType(
            code: 93, key: "port_out_of_service", name: "Port out of service",
            description: "A port that was working has stopped.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter("slot", "Number of the slot", .number),
                EventParameter("port", "Port number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 94, key: "possible_clone_detected", name: "Possible clone detected for your system",
            description: "The licence server's clone check has seen another system with the same EID.",
            severity: .fixed(.critical), polarity: .negative, partner: "no_other_system_clone_detected",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 95, key: "qsig_licence_limit_reached", name: "QSIG licence limit reached",
            description: "An outgoing QSIG call was refused because all licensed QSIG connections are in use.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter("routeNumber", "Route number", .number),
                EventParameter("userNumber", "User number", .number),
            ]
        ),
        EventType(
            code: 96, key: "radio_unit_port_active", name: "Radio unit port active",
            description: "A DECT radio unit that had stopped responding answers again.",
            severity: .fixed(.serious), polarity: .positive, partner: "inactive_radio_unit_port",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 97, key: "register_error", name: "Register error",
            description: "A card is missing, did not log on, or is defective.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("cardNumber", "Card number", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 98, key: "remote_maintenance_disabled", name: "Remote maintenance disabled",
            description: "Remote maintenance access has been switched off.",
            severity: .fixed(.normal), polarity: .positive, partner: "remote_maintenance_enabled",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 99, key: "remote_maintenance_enabled", name: "Remote maintenance enabled",
            description: "Remote maintenance access has been switched on.",
            severity: .fixed(.normal), polarity: .negative, partner: "remote_maintenance_disabled",
            identifyingParameters: [], parameters: [], unfilteredOnLocal: true
        ),
        EventType(
            code: 100, key: "cpu2_restart_executed", name: "Restart of applications card CPU2 executed",
            description: "The CPU2 applications card has been restarted successfully.",
            severity: .fixed(.critical), polarity: .positive, partner: "cpu2_restart_required",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 101, key: "cpu2_restart_required", name: "Restart of applications card CPU2 required",
            description: "The CPU2 applications card needs a manual restart, e.g. to finish a security update.",
            severity: .fixed(.critical), polarity: .negative, partner: "cpu2_restart_executed",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 102, key: "restricted_operating_mode_disabled", name: "Restricted operating mode disabled",
            description: "The server has left restricted operating mode.",
            severity: .fixed(.critical), polarity: .positive, partner: "restricted_operating_mode_enabled",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 103, key: "restricted_operating_mode_enabled", name: "Restricted operating mode enabled",
            description: "The server has entered restricted operating mode, so most functions are unavailable.",
            severity: .fixed(.critical), polarity: .negative, partner: "restricted_operating_mode_disabled",
            identifyingParameters: [],
            parameters: [
                EventParameter(
                    "cause", "Cause", .number,
                    codes: [
                        0: "No valid licence", 1: "Link to gateway satellite lost",
                        2: "Max. duration without link to licence server reached", 3: "Your system clone confirmed",
                        4: "Licence check mode mismatch in SLS and MiVo400", 5: "Support mode enabled",
                    ])
            ]
        ),
        EventType(
            code: 104, key: "satellites_missing_after_supervision",
            name: "Satellites missing after supervision time",
            description: "After an AIN update, some satellites have not reconnected to the Master.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter("satellitesMissing", "Total satellites missing", .number),
                EventParameter("satellitesRolledBack", "Satellites rolled back", .number),
            ]
        ),
        EventType(
            code: 105, key: "send_email_failed", name: "Send e-mail failed",
            description: "An e-mail client of the server could not deliver an e-mail; the reason and the failed step are coded in parameter 1.",
            severity: .fixed(.critical), polarity: .negative, partner: "email_successfully_sent",
            identifyingParameters: ["emailClient"],
            parameters: EventCatalogue.mailParameters
        ),
        EventType(
            code: 106, key: "simple_msrp_within_licence_limit", name: "SIMPLE/MSRP back within the licence limit",
            description: "Enough licences are available again for users of SIMPLE and MSRP.",
            severity: .fixed(.serious), polarity: .positive, partner: "simple_msrp_licence_limit_reached",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 107, key: "sip_account_available", name: "SIP account available",
            description: "A SIP account is registered with its provider.",
            severity: .fixed(.critical), polarity: .positive, partner: "sip_account_not_available",
            identifyingParameters: ["provider", "account"],
            parameters: [
                EventParameter("provider", "Provider", .text),
                EventParameter("account", "Account", .text),
            ]
        ),
        EventType(
            code: 108, key: "sip_account_not_available", name: "SIP account not available",
            description: "A SIP account that must register could not register with its provider.",
            severity: .fixed(.critical), polarity: .negative, partner: "sip_account_available",
            identifyingParameters: ["provider", "account"],
            parameters: [
                EventParameter("provider", "Provider", .text),
                EventParameter("account", "Account", .text),
                EventParameter("cause", "Reason", .number, codes: [0: "Provider unobtainable", 1: "No permission"]),
            ]
        ),
        EventType(
            code: 109, key: "sms_gateway_reachable", name: "SMS gateway reachable",
            description: "The external SMS gateway can be reached again.",
            severity: .fixed(.critical), polarity: .positive, partner: "sms_gateway_unreachable",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 110, key: "sms_gateway_unreachable", name: "SMS gateway unreachable",
            description: "The external SMS gateway cannot be reached or is configured wrongly.",
            severity: .fixed(.critical), polarity: .negative, partner: "sms_gateway_reachable",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 111, key: "ip_phone_software_upgrade_failed", name: "Software upgrade IP system phone failed",
            description: "Updating the software of an IP system phone did not work.",
            severity: .fixed(.critical), polarity: .negative, partner: "ip_phone_software_upgrade_successful",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
                EventParameter("reason", "Reason", .number),
            ]
        ),
        EventType(
            code: 112, key: "ip_phone_software_upgrade_successful", name: "Software upgrade IP system phone successful",
            description: "After failed attempts, an IP system phone's software update has now completed.",
            severity: .fixed(.critical), polarity: .positive, partner: "ip_phone_software_upgrade_failed",
            identifyingParameters: ["userNumber", "terminalId"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("terminalId", "Terminal ID", .number),
            ]
        ),
        EventType(
            code: 113, key: "software_upload", name: "Software upload",
            description: "Progress of a software upload: the new server software was loaded, rolled back or is running well.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [
                EventParameter(
                    "parameter1", "Parameter 1", .number,
                    codes: [
                        0: "New communication server software loaded, starting...",
                        1: "New communication server software crashed, rollback performed",
                        3: "New communication server software started and running well",
                    ])
            ]
        ),
        EventType(
            code: 114, key: "standard_sip_terminals_within_licence_limit",
            name: "Standard SIP terminals within the licence limit again",
            description: "SIP terminal and video terminal licences are available again.",
            severity: .fixed(.serious), polarity: .positive, partner: "standard_sip_terminals_licence_limit_reached",
            identifyingParameters: ["sipTerminalsLicence", "videoTerminalsLicence"],
            parameters: [
                EventParameter(
                    "sipTerminalsLicence", "Parameter 1 (SIP Terminals licence)", .number,
                    codes: [
                        1: "SIP Terminals licence available"
                    ]),
                EventParameter(
                    "videoTerminalsLicence", "Parameter 2 (Video Terminals licence)", .number,
                    codes: [
                        1: "Video Terminals licence available"
                    ]),
            ]
        ),
        EventType(
            code: 115, key: "sx200_cdr_connection_established",
            name: "SX-200 call data record management system: Connection established",
            description: "The SX-200 call data record system is connected.",
            severity: .fixed(.critical), polarity: .positive, partner: "sx200_cdr_connection_lost",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 116, key: "sx200_cdr_connection_lost",
            name: "SX-200 call data record management system: Connection lost",
            description: "The SX-200 call data record system is no longer connected.",
            severity: .fixed(.critical), polarity: .negative, partner: "sx200_cdr_connection_established",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 117, key: "sx200_hotel_connection_established",
            name: "SX-200 hotel management system: Connection established",
            description: "The SX-200 hotel management system is connected.",
            severity: .fixed(.critical), polarity: .positive, partner: "sx200_hotel_connection_lost",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 118, key: "sx200_hotel_connection_lost", name: "SX-200 hotel management system: Connection lost",
            description: "The SX-200 hotel management system is no longer connected.",
            severity: .fixed(.critical), polarity: .negative, partner: "sx200_hotel_connection_established",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 119, key: "sx200_voice_mail_connection_established",
            name: "SX-200 voice mail management system: Connection established",
            description: "The SX-200 voice mail system is connected.",
            severity: .fixed(.critical), polarity: .positive, partner: "sx200_voice_mail_connection_lost",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 120, key: "sx200_voice_mail_connection_lost",
            name: "SX-200 voice mail management system: Connection lost",
            description: "The SX-200 voice mail system is no longer connected.",
            severity: .fixed(.critical), polarity: .negative, partner: "sx200_voice_mail_connection_established",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 121, key: "trunk_synchronisation_loss", name: "Synchronisation loss on trunk",
            description: "An ISDN interface in the clock pool no longer delivers the system clock.",
            severity: .fixed(.serious), polarity: .negative, partner: "trunk_synchronisation_reestablished",
            identifyingParameters: ["port"],
            parameters: [EventParameter("port", "Port number", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 122, key: "synchronisation_reestablished", name: "Synchronisation re-established",
            description: "At least one ISDN interface is synchronised with the network again.",
            severity: .fixed(.serious), polarity: .positive, partner: "total_synchronisation_loss",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 123, key: "backup_server_sync_failed",
            name: "Synchronisation with backup communication server failed",
            description: "The primary server could not pass its configuration to the backup server.",
            severity: .fixed(.critical), polarity: .negative, partner: "backup_server_sync_successful",
            identifyingParameters: ["backupServerId"],
            parameters: [EventParameter("backupServerId", "Backup communication server ID", .number)]
        ),
        EventType(
            code: 124, key: "backup_server_sync_successful",
            name: "Synchronisation with backup communication server successful",
            description: "After failed attempts, the primary server has passed its configuration to the backup server.",
            severity: .fixed(.critical), polarity: .positive, partner: "backup_server_sync_failed",
            identifyingParameters: ["backupServerId"],
            parameters: [EventParameter("backupServerId", "Backup communication server ID", .number)]
        ),
        EventType(
            code: 125, key: "trunk_synchronisation_reestablished", name: "Synchronization on trunk re-established",
            description: "An ISDN interface in the clock pool is synchronised with the system clock again.",
            severity: .fixed(.serious), polarity: .positive, partner: "trunk_synchronisation_loss",
            identifyingParameters: ["port"],
            parameters: [EventParameter("port", "Port number", .number)],
            raisedByServer: false
        ),
        EventType(
            code: 126, key: "system_memory_usage_below_critical",
            name: "System memory usage below the critical range again",
            description: "File system usage for one purpose has dropped back under its threshold.",
            severity: .seriousOrCritical, polarity: .positive, partner: "system_memory_usage_over_critical",
            identifyingParameters: ["fileTypeId"],
            parameters: EventCatalogue.systemMemoryParameters
        ),
        EventType(
            code: 127, key: "system_memory_usage_over_critical", name: "System memory usage over the critical range",
            description: "File system usage for one purpose has crossed its serious or critical threshold.",
            severity: .seriousOrCritical, polarity: .negative, partner: "system_memory_usage_below_critical",
            identifyingParameters: ["fileTypeId"],
            parameters: EventCatalogue.systemMemoryParameters
        ),
        EventType(
            code: 128, key: "system_overload", name: "System overload",
            description: "A call to the network was attempted while every line was busy or the system was overloaded.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [
                EventParameter("routeNumber", "Route number", .number),
                EventParameter("userNumber", "User number", .number),
            ]
        ),
        EventType(
            code: 129, key: "system_phone_in_service_again", name: "System phone in service again",
            description: "A system phone on the DSI bus works again.",
            severity: .fixed(.critical), polarity: .positive, partner: "system_phone_out_of_service",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
                EventParameter("userNumber", "User number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 130, key: "system_phone_out_of_service", name: "System phone out of service",
            description: "A system phone on the DSI bus is faulty or has been unplugged.",
            severity: .fixed(.critical), polarity: .negative, partner: "system_phone_in_service_again",
            identifyingParameters: ["cardNumber", "port"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("port", "Port number", .number),
                EventParameter("userNumber", "User number", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 131, key: "temperature_normal_again", name: "Temperature within normal range again",
            description: "After overheating, the temperature inside the server is back to normal.",
            severity: .fixed(.critical), polarity: .positive, partner: "overheat",
            identifyingParameters: ["cardNumber"],
            parameters: [
                EventParameter("cardNumber", "Card number", .number),
                EventParameter("temperature", "Temperature", .number),
            ],
            raisedByServer: false
        ),
        EventType(
            code: 132, key: "temporary_activation_expires", name: "Temporary activation expires on",
            description: "Reminder that the server still lacks its definitive activation licence and when the temporary one runs out.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("expirationDate", "Expiration date [DD.MM.YYYY]", .text)]
        ),
        EventType(
            code: 133, key: "terminal_power_supply_overload", name: "Terminal power supply: Overload",
            description: "The terminals draw slightly more than the rated output of their power supply.",
            severity: .fixed(.critical), polarity: .negative, partner: "terminal_power_supply_normal_again",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 134, key: "terminal_power_supply_shutdown", name: "Terminal power supply: Shutdown",
            description: "The terminal power supply was switched off because the load clearly exceeded its rating.",
            severity: .fixed(.critical), polarity: .negative, partner: "terminal_power_supply_switched_back_on",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 135, key: "terminal_power_supply_switched_back_on", name: "Terminal power supply: Switching back on",
            description: "The terminal power supply is on again after an overload shutdown.",
            severity: .fixed(.critical), polarity: .positive, partner: "terminal_power_supply_shutdown",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 136, key: "terminal_power_supply_normal_again", name: "Terminal power supply: Within normal range again",
            description: "The load on the terminal power supply is back within its rating after a slight overload.",
            severity: .fixed(.critical), polarity: .positive, partner: "terminal_power_supply_overload",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 137, key: "test_event_message", name: "Test event message",
            description: "A test message used to check that the signal destinations are set up correctly.",
            severity: .fixed(.serious), polarity: .none
        ),
        EventType(
            code: 138, key: "server_restarted", name: "The communication server has been restarted",
            description: "The server has restarted, either on request or after a fault.",
            severity: .fixed(.critical), polarity: .none
        ),
        EventType(
            code: 139, key: "blustar_licence_limit_reached", name: "The licence limit for BluStar clients has been reached.",
            description: "A BluStar client could not register because its client type has run out of licences.",
            severity: .fixed(.serious), polarity: .negative, partner: "blustar_within_licence_limit",
            identifyingParameters: ["licenceType"],
            parameters: [
                EventParameter("parameter1", "Parameter 1", .number, codes: [0: "Not used"]),
                EventParameter(
                    "licenceType", "Licence type", .number,
                    codes: [
                        2: "BluStar CTI", 3: "BluStar Softphone", 4: "BluStar Video option", 5: "BluStar Presence option",
                    ]),
                EventParameter("totalPurchasedLicences", "Total purchased licences", .number),
            ]
        ),
        EventType(
            code: 140, key: "csta_sessions_licence_limit_reached", name: "The licence limit for CSTA sessions has been reached",
            description: "An application could not open a CSTA session to monitor a terminal because no CSTA session licence is free.",
            severity: .fixed(.serious), polarity: .negative, partner: "csta_sessions_within_licence_limit",
            identifyingParameters: [],
            parameters: [EventParameter("maxLicences", "Max. number of licences", .number)]
        ),
        EventType(
            code: 141, key: "dual_homing_licence_limit_reached", name: "The licence limit for Dual Homing has been reached",
            description: "A SIP phone could not register on the backup server because dual homing licences are exhausted.",
            severity: .fixed(.serious), polarity: .negative, partner: "dual_homing_within_licence_limit",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 142, key: "mitel_dialer_licence_limit_reached", name: "The licence limit for Mitel Dialer has been reached",
            description: "Mitel Dialer could not be assigned to a user because its licences are used up.",
            severity: .fixed(.serious), polarity: .negative, partner: "mitel_dialer_within_licence_limit",
            identifyingParameters: [],
            parameters: [EventParameter("totalPurchasedLicences", "Total purchased licences", .number)]
        ),
        EventType(
            code: 143, key: "mitel_sip_terminals_licence_limit_reached",
            name: "The licence limit for Mitel SIP terminals has been reached",
            description: "A Mitel SIP terminal could not register or use video because terminal or video option licences ran out.",
            severity: .fixed(.serious), polarity: .negative, partner: "mitel_sip_terminals_within_licence_limit",
            identifyingParameters: ["sipTerminalsLicence", "videoOptionsLicence"],
            parameters: [
                EventParameter(
                    "sipTerminalsLicence", "Parameter 1 (Mitel SIP Terminals licence)", .number,
                    codes: [
                        1: "Missing Mitel SIP Terminals licence"
                    ]),
                EventParameter(
                    "videoOptionsLicence", "Parameter 2 (Mitel 8000i Video Options licence)", .number,
                    codes: [
                        1: "Missing Mitel 8000i Video Options licence"
                    ]),
                EventParameter("maxLicences", "Parameter 3 (max. number of licences)", .number),
            ]
        ),
        EventType(
            code: 144, key: "simple_msrp_licence_limit_reached", name: "The licence limit for SIMPLE/MSRP has been reached",
            description: "A third-party application could not use SIMPLE or MSRP for a user because licences are used up.",
            severity: .fixed(.serious), polarity: .negative, partner: "simple_msrp_within_licence_limit",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 145, key: "standard_sip_terminals_licence_limit_reached",
            name: "The licence limit for standard SIP terminals has been reached",
            description: "A standard SIP terminal could not register or use video because SIP or video terminal licences ran out.",
            severity: .fixed(.serious), polarity: .negative, partner: "standard_sip_terminals_within_licence_limit",
            identifyingParameters: ["sipTerminalsLicence", "videoTerminalsLicence"],
            parameters: [
                EventParameter(
                    "sipTerminalsLicence", "Parameter 1 (SIP Terminals licence)", .number,
                    codes: [
                        1: "Missing SIP Terminals licence"
                    ]),
                EventParameter(
                    "videoTerminalsLicence", "Parameter 2 (Video Terminals licence)", .number,
                    codes: [
                        1: "Missing Video Terminals licence"
                    ]),
                EventParameter("maxLicences", "Parameter 3 (max. number of licences)", .number),
            ]
        ),
        EventType(
            code: 146, key: "tls_certificate_expires_soon", name: "TLS certificate expires soon",
            description: "A TLS certificate of a SIP node or endpoint is close to (serious) or past (critical) its expiry and must be renewed.",
            severity: .seriousOrCritical, polarity: .none,
            parameters: EventCatalogue.tlsEndpointParameters
        ),
        EventType(
            code: 147, key: "tls_certificate_update_failed", name: "TLS certificate update failed",
            description: "Renewing a SIP node's or endpoint's TLS certificate over FTP did not work, so it must be renewed by hand.",
            severity: .fixed(.critical), polarity: .negative, partner: "tls_certificate_update_successful",
            identifyingParameters: ["endpointType", "nodeOrCertificate"],
            parameters: EventCatalogue.tlsEndpointParameters
        ),
        EventType(
            code: 148, key: "tls_certificate_update_successful", name: "TLS certificate update successful",
            description: "A SIP node's or endpoint's TLS certificate has been renewed.",
            severity: .fixed(.critical), polarity: .positive, partner: "tls_certificate_update_failed",
            identifyingParameters: ["endpointType", "nodeOrCertificate"],
            parameters: EventCatalogue.tlsEndpointParameters
        ),
        EventType(
            code: 149, key: "tls_certificate_generated",
            name: "TLS certificate was generated: Upgrade non-Mitel endpoints now",
            description: "A new TLS certificate exists and has to be imported by hand into non-Mitel nodes and endpoints.",
            severity: .fixed(.normal), polarity: .none
        ),
        EventType(
            code: 150, key: "tls_server_certificate_validation_failed", name: "TLS server certificate: Validation failed",
            description: "A TLS server's certificate did not pass validation while a connection was being set up.",
            severity: .fixed(.critical), polarity: .negative, partner: "tls_server_certificate_validation_successful",
            identifyingParameters: ["service", "tcpPort"],
            parameters: [
                EventParameter("service", "Service", .text),
                EventParameter("tcpPort", "TCP port", .number),
                EventParameter("reason", "Reason", .number),
            ]
        ),
        EventType(
            code: 151, key: "tls_server_certificate_validation_successful",
            name: "TLS server certificate: Validation successful",
            description: "A TLS server's certificate has passed validation.",
            severity: .fixed(.critical), polarity: .positive, partner: "tls_server_certificate_validation_failed",
            identifyingParameters: ["service", "tcpPort"],
            parameters: [
                EventParameter("service", "Service", .text),
                EventParameter("tcpPort", "TCP port", .number),
            ]
        ),
        EventType(
            code: 152, key: "too_few_foip_channels", name: "Too few FoIP channels",
            description: "A T.38 fax call failed because no fax-over-IP channel was free.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("availableChannels", "Available FoIP channels on node", .number)]
        ),
        EventType(
            code: 153, key: "too_few_ip_system_phone_licences", name: "Too few licences for IP system phones",
            description: "An IP system phone could not register because IP system phone licences are used up.",
            severity: .fixed(.serious), polarity: .negative, partner: "ip_system_phone_licence_available",
            identifyingParameters: [], parameters: []
        ),
        EventType(
            code: 154, key: "too_few_pms_interface_licences", name: "Too few licences for PMS interface",
            description: "The PMS interface licence is missing or fewer rooms are licensed than configured.",
            severity: .fixed(.serious), polarity: .negative, partner: "pms_interface_licence_available",
            identifyingParameters: [],
            parameters: [
                EventParameter("licensedRooms", "Number of licensed rooms", .number),
                EventParameter("configuredRooms", "Number of configured rooms", .number),
            ]
        ),
        EventType(
            code: 155, key: "too_few_voip_channel_licences", name: "Too few VoIP channel licences",
            description: "A call failed because all licensed simultaneous VoIP channels were in use.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("licensedChannels", "No. of licensed VoIP channels", .number)]
        ),
        EventType(
            code: 156, key: "too_few_voip_channels", name: "Too few VoIP channels",
            description: "A call needing VoIP channels failed because not enough were free on the node.",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("availableChannels", "Available VoIP channels on this node", .number)]
        ),
        EventType(
            code: 157, key: "too_many_errors_with_same_id", name: "Too many errors with the same ID",
            description: "One error ID has occurred unusually often (more than 50 times an hour).",
            severity: .fixed(.normal), polarity: .none,
            parameters: [EventParameter("errorId", "Error ID", .number)]
        ),
        EventType(
            code: 158, key: "too_many_event_messages", name: "Too many event messages",
            description: "More messages of a type arrived than its event table allows, so further ones are held back.",
            severity: .fixed(.normal), polarity: .none
        ),
        EventType(
            code: 159, key: "too_much_user_data", name: "Too much user data",
            description: "The system's capacity for user data has been exceeded.",
            severity: .fixed(.critical), polarity: .none
        ),
        EventType(
            code: 160, key: "total_synchronisation_loss", name: "Total synchronization loss",
            description: "No ISDN interface is synchronised with the network any longer.",
            severity: .fixed(.serious), polarity: .negative, partner: "synchronisation_reestablished",
            identifyingParameters: [], parameters: [],
            raisedByServer: false
        ),
        EventType(
            code: 161, key: "trial_licence_expired", name: "Trial licence expired",
            description: "A feature's trial licence has run out and no valid licence replaces it.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [EventParameter("licenceId", "Licence ID", .number)]
        ),
        EventType(
            code: 162, key: "user_event_message", name: "USER EVENT MESSAGE",
            description: "A user raised a message from a terminal with *77 followed by a number of their choice.",
            severity: .fixed(.serious), polarity: .none,
            parameters: [
                EventParameter("userCode", "nnnn", .number),
                EventParameter("userNumber", "User number", .number),
            ]
        ),
        EventType(
            code: 163, key: "user_memory_usage_below_critical", name: "User memory usage below the critical range again",
            description: "A user's file system usage has dropped back under its threshold.",
            severity: .seriousOrCritical, polarity: .positive, partner: "user_memory_usage_over_critical",
            identifyingParameters: ["userNumber"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("memoryUsage", "Memory usage in %", .number),
            ]
        ),
        EventType(
            code: 164, key: "user_memory_usage_over_critical", name: "User memory usage over the critical range",
            description: "A user's file system usage has crossed its serious or critical threshold.",
            severity: .seriousOrCritical, polarity: .negative, partner: "user_memory_usage_below_critical",
            identifyingParameters: ["userNumber"],
            parameters: [
                EventParameter("userNumber", "User number", .number),
                EventParameter("memoryUsage", "Memory usage in %", .number),
            ]
        ),
        EventType(
            code: 165, key: "wake_up_call_failed", name: "Wake-up call failed",
            description: "Nobody answered a room's wake-up call.",
            severity: .fixed(.normal), polarity: .negative, partner: "wake_up_order_confirmed",
            identifyingParameters: ["roomNumber"],
            parameters: [EventParameter("roomNumber", "Room No.", .number)]
        ),
        EventType(
            code: 166, key: "wake_up_order_confirmed", name: "Wake-up order confirmed",
            description: "A room's wake-up call has now been answered.",
            severity: .fixed(.normal), polarity: .positive, partner: "wake_up_call_failed",
            identifyingParameters: ["roomNumber"],
            parameters: [EventParameter("roomNumber", "Room No.", .number)]
        ),
        // Not in Tab. 24: the log's own integrity (issue 13, point 19). Codes from 1001 on are
        // ours, outside the manual's 1…166, so the manual's numbering never collides with them.
        EventType(
            code: 1001, key: "log_integrity_violated", name: "Event log integrity violated",
            description:
                "At start or while running, the event log no longer matched its hash chain or its witnesses (rewritten or cut off); administrative writes are refused until an administrator acknowledges.",
            severity: .fixed(.critical), polarity: .negative, partner: "log_integrity_acknowledged",
            identifyingParameters: [],
            parameters: [EventParameter("finding", "Finding", .text), EventParameter("head", "Head position", .number)]
        ),
        EventType(
            code: 1002, key: "log_integrity_acknowledged", name: "Event log integrity finding acknowledged",
            description:
                "An administrator acknowledged the integrity finding; the log as it now stands is the new verified point and writes are accepted again.",
            severity: .fixed(.critical), polarity: .positive, partner: "log_integrity_violated",
            identifyingParameters: [], parameters: []
        ),
        // Not in Tab. 24 either: the manual reports an auto backup's e-mail as "Send e-mail
        // failed" of client 2 (Tab. 25), but has no message for a backup that could not be made or
        // copied to the FTP server (§5.6.4). A missing backup is found out at the worst moment, so
        // it is an event message of its own, one per step (issue 18).
        EventType(
            code: 1003, key: "auto_backup_failed", name: "Auto backup failed",
            description:
                "The daily backup could not be made (step \"backup\") or copied to the distribution service's FTP server (step \"ftp\"); it is tried again.",
            severity: .fixed(.critical), polarity: .negative, partner: "auto_backup_successful",
            identifyingParameters: ["step"],
            parameters: [EventParameter("step", "Step", .text), EventParameter("reason", "Reason", .text)]
        ),
        EventType(
            code: 1004, key: "auto_backup_successful", name: "Auto backup successful",
            description: "After a failure, the step of the auto backup has succeeded again.",
            severity: .fixed(.critical), polarity: .positive, partner: "auto_backup_failed",
            identifyingParameters: ["step"],
            parameters: [EventParameter("step", "Step", .text), EventParameter("reason", "Reason", .text)]
        ),
    ]

    /// Cause of "… event message destination not reachable" (Tab. 24).
    private static let destinationCauses: [Int: String] = [
        0: "Busy", 1: "Not available", 2: "Barred", 3: "Not defined",
    ]

    /// Parameters of "Send e-mail failed" and "E-mail successfully sent". `causeAction` is
    /// parameter 1 of Tab. 25, XXYY = reason XX, action YY (see `mailFailureReasons` and
    /// `mailFailureActions`); it is 0000 on success.
    private static let mailParameters: [EventParameter] = [
        EventParameter("causeAction", "Cause/action", .codePair(first: mailFailureReasons, second: mailFailureActions)),
        EventParameter("emailClient", "E-mail client", .number, codes: mailClients),
        EventParameter("additionalInfo", "Additional information", .text),
    ]

    /// Parameters of the two "System memory usage …" types.
    private static let systemMemoryParameters: [EventParameter] = [
        EventParameter(
            "fileTypeId", "File type ID", .number,
            codes: [
                0: "File system", 1: "Application", 2: "Crash-Log", 3: "Monitor-Log", 4: "Announcement service",
                5: "Voice mail", 6: "Music on hold", 7: "Data backup", 8: "Hospitality/Accommodation", 9: "User folder",
            ]),
        EventParameter("memoryUsage", "Memory usage in %", .number),
    ]

    /// Parameters of the TLS certificate expiry/update types: with endpoint type 0 (Mitel) the
    /// second parameter is the node ID, with 1 (3rd party) the first eleven characters of the
    /// certificate name.
    private static let tlsEndpointParameters: [EventParameter] = [
        EventParameter("endpointType", "Type of endpoint", .number, codes: [0: "Mitel", 1: "3rd party"]),
        EventParameter("nodeOrCertificate", "Node ID or certificate name", .text),
    ]
}
